package io.kerasj.summary;

import io.kerasj.config.KerasConventions;
import io.kerasj.config.NestedModelSpec;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Node;
import io.kerasj.ir.TensorRef;
import io.kerasj.layers.InputLayerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a model's summary the way Python would: {@link Style#KERAS2} as tf.keras 2.4's
 * {@code model.summary()} (fixed columns, cells cut at the column edge), {@link Style#KERAS3} as
 * Keras 3's rich box table (cells wrapped, sizes in the totals). What is printed follows Keras: a
 * Sequential model's InputLayer is not listed, a Functional one's is (tf.keras shows its shape as a
 * list), a layer called more than once shows {@code multiple}, and non-linear models get a
 * "Connected to" column.
 */
public final class SummaryPrinter {
    public enum Style {
        KERAS2, KERAS3;

        public static Style parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "keras2", "2", "tf.keras", "tfkeras" -> KERAS2;
                case "keras3", "3" -> KERAS3;
                default -> throw new IllegalArgumentException("unknown summary style '" + s + "' (keras2 or keras3)");
            };
        }
    }

    /** One printed row: the four fields Keras fills in. */
    record Row(String label, String shape, long params, List<String> connections) {
    }

    private SummaryPrinter() {
    }

    public static String print(KerasModel model, Style style) {
        return style == Style.KERAS2 ? Keras2Table.render(model, rows(model, style), sequentialLike(model))
                : Keras3Table.render(model, rows(model, style), sequentialLike(model));
    }

    static List<Row> rows(KerasModel model, Style style) {
        Map<String, Layer> byName = new HashMap<>();
        model.layers().forEach(l -> byName.put(l.name(), l));
        List<Row> rows = new ArrayList<>();
        for (Layer l : KerasConventions.trackedLayers(model)) {
            boolean input = l.spec() instanceof InputLayerSpec;
            String shape;
            if (l.nodes().size() > 1 && style == Style.KERAS2) {
                shape = "multiple";
            } else {
                Node node = style == Style.KERAS3 ? l.nodes().get(l.nodes().size() - 1) : l.node();
                // tf.keras reports a Functional model's InputLayer output as a one-element list
                shape = SummaryShape.pythonText(node.outputShapes(), input && style == Style.KERAS2);
            }
            List<String> connections = new ArrayList<>();
            for (Node n : l.nodes()) {
                for (TensorRef r : n.inputs()) {
                    connections.add(r.layer() + "[" + r.nodeIndex() + "][" + r.tensorIndex() + "]");
                }
            }
            rows.add(new Row(l.name() + " (" + printedClass(l) + ")", shape, l.params(), connections));
        }
        return rows;
    }

    /** The Python class Keras 2.4+ instantiates for the config's class name. */
    static String printedClass(Layer l) {
        if (l.spec() instanceof NestedModelSpec n) {
            return n.inner().modelClass().equals("Sequential") ? "Sequential" : "Functional";
        }
        return LayerTypes.canonical(l.className());
    }

    /** Keras prints a chain (one input, each layer called once on one tensor) like a Sequential model. */
    static boolean sequentialLike(KerasModel model) {
        if (model.modelClass().equals("Sequential")) {
            return true;
        }
        if (model.inputs().size() != 1) {
            return false;
        }
        Map<String, Integer> uses = new HashMap<>();
        for (Layer l : model.layers()) {
            if (l.nodes().size() > 1 || l.node().inputs().size() > 1) {
                return false;
            }
            for (TensorRef r : l.node().inputs()) {
                if (uses.merge(r.layer(), 1, Integer::sum) > 1) {
                    return false;
                }
            }
        }
        return true;
    }

    static String group(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

}
