package io.kerasj.onnx.export;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DepthwiseConv2DSpec;
import io.kerasj.layers.DropoutSpec;
import io.kerasj.layers.FlattenSpec;
import io.kerasj.layers.GlobalPooling2DSpec;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.LambdaSpec;
import io.kerasj.layers.MergeSpec;
import io.kerasj.layers.PReLUSpec;
import io.kerasj.layers.Padding2DSpec;
import io.kerasj.layers.PermuteSpec;
import io.kerasj.layers.Pooling2DSpec;
import io.kerasj.layers.RescalingSpec;
import io.kerasj.layers.ReshapeSpec;
import io.kerasj.layers.SeparableConv2DSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How each layer kind becomes ONNX nodes, in a table keyed by spec class — the ONNX counterpart
 * of the runtime's TensorFlow lowering table and the importer's registry.
 */
public final class OnnxLayers {
    /** One layer kind: the call's inputs in, the layer's outputs out. */
    @FunctionalInterface
    interface Export<S extends LayerSpec> {
        List<OnnxValue> export(LayerCall call, S spec, List<OnnxValue> in);
    }

    /** A single-input, single-output layer kind. */
    @FunctionalInterface
    interface Unary<S extends LayerSpec> {
        OnnxValue export(LayerCall call, S spec, OnnxValue x);
    }

    private static final Map<Class<? extends LayerSpec>, Export<?>> TABLE = new HashMap<>();

    static {
        TABLE.put(MergeSpec.class, (Export<MergeSpec>) (c, s, in) -> List.of(MergeExport.merge(c, s, in)));
        unary(Conv2DSpec.class, ConvolutionExport::conv2d);
        unary(DepthwiseConv2DSpec.class, ConvolutionExport::depthwise);
        unary(SeparableConv2DSpec.class, ConvolutionExport::separable);
        unary(Pooling2DSpec.class, PoolingExport::pool);
        unary(GlobalPooling2DSpec.class, PoolingExport::global);
        unary(DenseSpec.class, DenseExport::dense);
        unary(BatchNormalizationSpec.class, BatchNormExport::batchNorm);
        unary(ActivationSpec.class, ActivationExport::layer);
        unary(PReLUSpec.class, ActivationExport::prelu);
        unary(FlattenSpec.class, ReshapeExport::flatten);
        unary(ReshapeSpec.class, ReshapeExport::reshape);
        unary(PermuteSpec.class, ReshapeExport::permute);
        unary(Padding2DSpec.class, ReshapeExport::padOrCrop);
        unary(RescalingSpec.class, MergeExport::rescale);
        // inference: Dropout and SpatialDropout2D pass values through unchanged
        unary(DropoutSpec.class, (c, s, x) -> x);
        unary(InputLayerSpec.class, (c, s, x) -> x);
        unary(LambdaSpec.class, LambdaExport::lower);
    }

    private OnnxLayers() {
    }

    private static <S extends LayerSpec> void unary(Class<S> kind, Unary<S> body) {
        TABLE.put(kind, (Export<S>) (c, s, in) -> {
            if (in.size() != 1) {
                throw new ExportFailure(c.layer.className() + " takes one input, got " + in.size());
            }
            return List.of(body.export(c, s, in.get(0)));
        });
    }

    /** Spec classes that have an ONNX form (nested models are inlined besides these). */
    public static Set<Class<? extends LayerSpec>> kinds() {
        return Set.copyOf(TABLE.keySet());
    }

    static List<OnnxValue> export(LayerCall c, List<OnnxValue> in) {
        LayerSpec spec = c.layer.spec();
        Export<?> e = TABLE.get(spec.getClass());
        if (e == null) {
            throw new ExportFailure("layer kind " + c.layer.className() + " (" + spec.getClass().getSimpleName()
                    + ") has no ONNX form");
        }
        return apply(e, c, spec, in);
    }

    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> List<OnnxValue> apply(Export<S> e, LayerCall c, LayerSpec spec, List<OnnxValue> in) {
        // the table pairs each class with its own export, so the cast is checked by construction
        return e.export(c, (S) spec, in);
    }
}
