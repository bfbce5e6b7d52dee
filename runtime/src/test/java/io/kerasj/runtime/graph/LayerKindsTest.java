package io.kerasj.runtime.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.LayerRegistry;
import io.kerasj.layers.LayerType;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Both halves of every layer kind are found: each registered kind's spec class has a TensorFlow lowering. */
class LayerKindsTest {

    @Test
    void everyRegisteredKindHasATensorFlowLowering() {
        List<String> missing = LayerRegistry.defaults().types().stream()
                .filter(t -> t.specClass() != LayerSpec.class && !LayerLowering.specClasses().contains(t.specClass()))
                .map(LayerType::canonicalName)
                .collect(Collectors.toList());
        assertEquals(List.of(), missing);
    }

    @Test
    void everyBuiltInKindNamesItsSpecClassAndItsCanonicalNameFirst() {
        for (LayerType<?> t : LayerRegistry.defaults().types()) {
            assertTrue(t.specClass() != LayerSpec.class, t.canonicalName() + " names no spec class");
            assertEquals(t.canonicalName(), LayerRegistry.defaults().canonicalName(t.canonicalName()));
        }
        assertEquals("Conv2D", LayerRegistry.defaults().canonicalName("Convolution2D"));
        assertEquals("MaxPooling2D", LayerRegistry.defaults().canonicalName("MaxPool2D"));
    }
}
