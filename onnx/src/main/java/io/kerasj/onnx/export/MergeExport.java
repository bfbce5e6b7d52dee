package io.kerasj.onnx.export;

import io.kerasj.layers.MergeSpec;
import io.kerasj.layers.RescalingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Merge layers folded left to right, as Keras' _merge_function does, and Rescaling. */
final class MergeExport {
    private MergeExport() {
    }

    static OnnxValue merge(LayerCall c, MergeSpec s, List<OnnxValue> in) {
        // inputs stored alike are merged as stored; otherwise all in Keras' layout
        boolean same = in.stream().allMatch(v -> Arrays.equals(v.perm(), in.get(0).perm()));
        List<String> x = new ArrayList<>();
        for (OnnxValue v : in) {
            x.add(same ? v.name() : c.keras(v));
        }
        OnnxValue layout = same ? in.get(0) : OnnxValue.keras("");
        if (s.op() == MergeSpec.Op.CONCATENATE) {
            int rank = c.inputShape(0).rank();
            int axis = s.axis() < 0 ? rank + s.axis() : s.axis();
            return layout.withName(c.op("Concat", x, Attrs.i("axis", layout.storedAxis(axis))));
        }
        if (s.op() == MergeSpec.Op.SUBTRACT) {
            return layout.withName(c.op("Sub", x));
        }
        String op = switch (s.op()) {
            case ADD, AVERAGE -> "Add";
            case MULTIPLY -> "Mul";
            case MAXIMUM -> "Max";
            case MINIMUM -> "Min";
            default -> throw new ExportFailure("merge " + s.op() + " is not supported");
        };
        String acc = x.get(0);
        for (int k = 1; k < x.size(); k++) {
            acc = c.op(op, List.of(acc, x.get(k)));
        }
        if (s.op() == MergeSpec.Op.AVERAGE) {
            acc = c.op("Div", List.of(acc, c.graph().scalar(x.size())));
        }
        return layout.withName(acc);
    }

    /** Keras Rescaling: {@code x * scale + offset}. */
    static OnnxValue rescale(LayerCall c, RescalingSpec s, OnnxValue v) {
        String y = c.op("Add", List.of(c.op("Mul", List.of(v.name(), c.graph().scalar(s.scale()))), c.graph().scalar(s.offset())));
        return v.withName(y);
    }
}
