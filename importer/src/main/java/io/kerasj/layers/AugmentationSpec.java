package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import io.kerasj.ir.Shape;
import io.kerasj.ir.ShapeException;
import java.util.List;

/**
 * Keras' random image augmentation layers whose inference behaviour is the identity
 * ({@code RandomFlip}, {@code RandomRotation}, {@code RandomZoom}, {@code RandomTranslation},
 * {@code RandomContrast}, {@code RandomBrightness}); kerasj does not apply their random
 * transforms in training either.
 */
public record AugmentationSpec(String kind) implements LayerSpec {

    public static final List<String> CLASS_NAMES = List.of("RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation",
            "RandomContrast", "RandomBrightness");

    public static AugmentationSpec parse(LayerConfig c) {
        return new AugmentationSpec(c.className());
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(ShapeException.single(inputs, kind));
    }
}
