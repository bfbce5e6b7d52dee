package io.kerasj.onnx.export;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DepthwiseConv2DSpec;
import io.kerasj.layers.DropoutSpec;
import io.kerasj.layers.ELUSpec;
import io.kerasj.layers.FlattenSpec;
import io.kerasj.layers.GlobalPooling2DSpec;
import io.kerasj.layers.InputLayerSpec;
import io.kerasj.layers.LambdaSpec;
import io.kerasj.layers.LayerBackends;
import io.kerasj.layers.LeakyReLUSpec;
import io.kerasj.layers.MergeSpec;
import io.kerasj.layers.PReLUSpec;
import io.kerasj.layers.Padding2DSpec;
import io.kerasj.layers.PermuteSpec;
import io.kerasj.layers.Pooling2DSpec;
import io.kerasj.layers.ReLUSpec;
import io.kerasj.layers.RescalingSpec;
import io.kerasj.layers.ReshapeSpec;
import io.kerasj.layers.SeparableConv2DSpec;
import io.kerasj.layers.SoftmaxSpec;
import java.util.List;
import java.util.Set;

/**
 * The ONNX halves of the layer kinds, keyed by spec class ({@link LayerBackends}): the built-ins
 * below plus {@code META-INF/services/io.kerasj.onnx.export.OnnxLayer} registrations — the ONNX
 * counterpart of the runtime's TensorFlow table. Nested models are inlined by {@link ModelExport}.
 */
public final class OnnxLayers {
    private static final LayerBackends<OnnxLayer<?>> TABLE = LayerBackends.load(service(), builtins());

    private OnnxLayers() {
    }

    private static List<OnnxLayer<?>> builtins() {
        return List.of(
                OnnxLayer.of(MergeSpec.class, (c, s, in) -> List.of(MergeExport.merge(c, s, in))),
                OnnxLayer.unary(Conv2DSpec.class, ConvolutionExport::conv2d),
                OnnxLayer.unary(DepthwiseConv2DSpec.class, ConvolutionExport::depthwise),
                OnnxLayer.unary(SeparableConv2DSpec.class, ConvolutionExport::separable),
                OnnxLayer.unary(Pooling2DSpec.class, PoolingExport::pool),
                OnnxLayer.unary(GlobalPooling2DSpec.class, PoolingExport::global),
                OnnxLayer.unary(DenseSpec.class, DenseExport::dense),
                OnnxLayer.unary(BatchNormalizationSpec.class, BatchNormExport::batchNorm),
                OnnxLayer.unary(ActivationSpec.class, (c, s, x) -> ActivationExport.apply(c, s.function(), x)),
                OnnxLayer.unary(ReLUSpec.class, ActivationExport::relu),
                OnnxLayer.unary(LeakyReLUSpec.class, ActivationExport::leakyRelu),
                OnnxLayer.unary(ELUSpec.class, ActivationExport::elu),
                OnnxLayer.unary(SoftmaxSpec.class, ActivationExport::softmax),
                OnnxLayer.unary(PReLUSpec.class, ActivationExport::prelu),
                OnnxLayer.unary(FlattenSpec.class, ReshapeExport::flatten),
                OnnxLayer.unary(ReshapeSpec.class, ReshapeExport::reshape),
                OnnxLayer.unary(PermuteSpec.class, ReshapeExport::permute),
                OnnxLayer.unary(Padding2DSpec.class, ReshapeExport::padOrCrop),
                OnnxLayer.unary(RescalingSpec.class, MergeExport::rescale),
                // inference: Dropout and SpatialDropout2D pass values through unchanged
                OnnxLayer.unary(DropoutSpec.class, (c, s, x) -> x),
                OnnxLayer.unary(InputLayerSpec.class, (c, s, x) -> x),
                // the function was decoded from its bytecode (never executed) at import
                OnnxLayer.unary(LambdaSpec.class, LambdaExport::lower));
    }

    @SuppressWarnings("unchecked")
    private static Class<OnnxLayer<?>> service() {
        // ServiceLoader wants the raw interface; the table is typed by its wildcard form
        return (Class<OnnxLayer<?>>) (Class<?>) OnnxLayer.class;
    }

    /** Spec classes that have an ONNX form (nested models are inlined besides these). */
    public static Set<Class<?>> kinds() {
        return Set.copyOf(TABLE.specClasses());
    }

    static List<OnnxValue> export(LayerCall c, List<OnnxValue> in) {
        LayerSpec spec = c.layer().spec();
        OnnxLayer<?> half = TABLE.find(spec).orElseThrow(() -> new ExportFailure("layer kind " + c.layer().className()
                + " (" + spec.getClass().getSimpleName() + ") has no ONNX form"));
        return apply(half, c, spec, in);
    }

    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> List<OnnxValue> apply(OnnxLayer<S> half, LayerCall c, LayerSpec spec, List<OnnxValue> in) {
        // the table pairs each spec class with its own half, so the cast is checked by construction
        return half.export(c, (S) spec, in);
    }
}
