package io.kerasj.onnx.export;

import io.kerasj.onnx.proto.Onnx.AttributeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' "valid" and "same" window padding as ONNX attributes. "same" pads as TF does — the odd
 * extra row or column goes at the bottom/right — written as explicit pads when the input size is
 * known, else as ONNX's SAME_UPPER, which places it the same way.
 */
final class Padding {
    private Padding() {
    }

    /** @param inputHw the input's rows and columns (-1 unknown), or null to always write auto_pad (VALID or SAME_UPPER) */
    static AttributeProto[] attrs(String padding, int[] inputHw, int[] kernel, int[] strides, int[] dilation,
                                  AttributeProto... extra) {
        List<AttributeProto> a = new ArrayList<>(List.of(extra));
        a.add(Attrs.ints("kernel_shape", kernel));
        a.add(Attrs.ints("strides", strides));
        if (dilation != null) {
            a.add(Attrs.ints("dilations", dilation));
        }
        switch (padding) {
            case "valid":
                if (inputHw == null) {
                    a.add(Attrs.s("auto_pad", "VALID"));
                }
                break;
            case "same":
                if (inputHw != null && inputHw[0] > 0 && inputHw[1] > 0) {
                    int[] pads = new int[4];
                    for (int d = 0; d < 2; d++) {
                        int out = (inputHw[d] + strides[d] - 1) / strides[d];
                        int effective = (kernel[d] - 1) * (dilation == null ? 1 : dilation[d]) + 1;
                        int total = Math.max((out - 1) * strides[d] + effective - inputHw[d], 0);
                        pads[d] = total / 2;
                        pads[d + 2] = total - total / 2;
                    }
                    a.add(Attrs.ints("pads", pads));
                } else {
                    a.add(Attrs.s("auto_pad", "SAME_UPPER"));
                }
                break;
            default:
                throw new ExportFailure("padding '" + padding + "' is not supported for 2-D layers (same or valid)");
        }
        return a.toArray(new AttributeProto[0]);
    }
}
