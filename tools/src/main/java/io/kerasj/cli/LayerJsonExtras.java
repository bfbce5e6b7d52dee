package io.kerasj.cli;

import io.kerasj.ir.Layer;
import io.kerasj.layers.CustomLayerSpec;
import io.kerasj.layers.LambdaSpec;
import java.util.Map;

/** Layer-kind specific additions to {@code inspect --json}: the meaning of recognised Lambdas and custom layers. */
final class LayerJsonExtras {
    private LayerJsonExtras() {
    }

    static void add(Layer layer, Map<String, Object> entry) {
        if (layer.spec() instanceof LambdaSpec lambda) {
            lambda.op().ifPresentOrElse(op -> entry.put("lambda", op.describe()),
                    () -> entry.put("lambda", Map.of("op", "unrecognised", "fingerprint", lambda.decoded().fingerprint())));
        } else if (layer.spec() instanceof CustomLayerSpec custom) {
            entry.put("custom_layer", custom.op().describe());
        }
    }

    /** The type text of a table row: {@code Lambda→LRN r=2 ...} for recognised Lambdas. */
    static String typeLabel(Layer layer) {
        String detail = layer.spec().detail();
        if (detail.startsWith("→")) {
            return layer.className() + detail;
        }
        return detail.isEmpty() || detail.equals(layer.className()) ? layer.className() : layer.className() + ", " + detail;
    }
}
