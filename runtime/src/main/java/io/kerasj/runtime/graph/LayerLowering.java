package io.kerasj.runtime.graph;

import io.kerasj.ir.LayerSpec;
import io.kerasj.layers.ActivationSpec;
import io.kerasj.layers.ActivityRegularizationSpec;
import io.kerasj.layers.AugmentationSpec;
import io.kerasj.layers.ConvTransposeSpec;
import io.kerasj.layers.ConvolutionSpec;
import io.kerasj.layers.DotSpec;
import io.kerasj.layers.GlobalPoolingNdSpec;
import io.kerasj.layers.GroupNormalizationSpec;
import io.kerasj.layers.Keras1MergeSpec;
import io.kerasj.layers.LayerNormalizationSpec;
import io.kerasj.layers.NoiseSpec;
import io.kerasj.layers.NormalizationSpec;
import io.kerasj.layers.PaddingNdSpec;
import io.kerasj.layers.PoolingNdSpec;
import io.kerasj.layers.ResizingSpec;
import io.kerasj.layers.SeparableConv1DSpec;
import io.kerasj.layers.ThresholdedReLUSpec;
import io.kerasj.layers.UnitNormalizationSpec;
import io.kerasj.layers.UpSamplingSpec;
import io.kerasj.layers.BatchNormalizationSpec;
import io.kerasj.layers.Conv2DSpec;
import io.kerasj.layers.CustomLayerSpec;
import io.kerasj.layers.DenseSpec;
import io.kerasj.layers.DepthwiseConv2DSpec;
import io.kerasj.layers.ELUSpec;
import io.kerasj.layers.BidirectionalSpec;
import io.kerasj.layers.EmbeddingSpec;
import io.kerasj.layers.GRUSpec;
import io.kerasj.layers.LSTMSpec;
import io.kerasj.layers.MaskingSpec;
import io.kerasj.layers.SimpleRNNSpec;
import io.kerasj.layers.TimeDistributedSpec;
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
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Finds the {@link TfLayer} for a layer's spec class and lowers one call of one (non-nested)
 * layer with it. The built-in kinds are one entry each below; plug-ins arrive through
 * {@code META-INF/services/io.kerasj.runtime.graph.TfLayer} and may replace a built-in — the
 * counterpart of the importer's {@link io.kerasj.layers.LayerRegistry} keyed by class_name.
 */
final class LayerLowering {
    private static final LayerBackends<TfLayer<?>> TABLE = LayerBackends.load(tfLayerService(), builtins());

    private LayerLowering() {
    }

    private static List<TfLayer<?>> builtins() {
        return List.of(
                TfLayer.of(MergeSpec.class, (ctx, s, in) -> List.of(MergeLowering.merge(ctx, s, in))),
                TfLayer.unary(Conv2DSpec.class, ConvolutionLowering::conv2d),
                TfLayer.unary(DepthwiseConv2DSpec.class, ConvolutionLowering::depthwise),
                TfLayer.unary(SeparableConv2DSpec.class, ConvolutionLowering::separable),
                TfLayer.unary(Pooling2DSpec.class, PoolingLowering::pool),
                TfLayer.unary(GlobalPooling2DSpec.class, PoolingLowering::global),
                TfLayer.unary(DenseSpec.class, DenseLowering::dense),
                new BatchNormalizationLowering(),
                TfLayer.unary(ActivationSpec.class, ActivationLowering::activation),
                TfLayer.unary(ReLUSpec.class, ActivationLowering::relu),
                TfLayer.unary(LeakyReLUSpec.class, ActivationLowering::leakyRelu),
                TfLayer.unary(ELUSpec.class, ActivationLowering::elu),
                TfLayer.unary(SoftmaxSpec.class, ActivationLowering::softmax),
                TfLayer.unary(PReLUSpec.class, ActivationLowering::prelu),
                TfLayer.unary(FlattenSpec.class, ReshapeLowering::flatten),
                TfLayer.unary(ReshapeSpec.class, ReshapeLowering::reshape),
                TfLayer.unary(PermuteSpec.class, ReshapeLowering::permute),
                TfLayer.unary(Padding2DSpec.class, ReshapeLowering::padOrCrop),
                TfLayer.unary(RescalingSpec.class, MergeLowering::rescale),
                new DropoutLowering(),
                TfLayer.unary(InputLayerSpec.class, (ctx, s, x) -> x),
                // the function was decoded from its bytecode (never executed) at import
                TfLayer.unary(LambdaSpec.class, LambdaLowering::lower),
                TfLayer.unary(CustomLayerSpec.class, LambdaLowering::custom),
                // issue 18, non-sequence layers
                TfLayer.unary(ConvolutionSpec.class, ConvolutionNdLowering::conv),
                TfLayer.unary(ConvTransposeSpec.class, ConvTransposeLowering::transpose),
                TfLayer.unary(SeparableConv1DSpec.class, ConvTransposeLowering::separable1d),
                TfLayer.unary(PoolingNdSpec.class, PoolingNdLowering::pool),
                TfLayer.unary(GlobalPoolingNdSpec.class, PoolingNdLowering::global),
                TfLayer.unary(UpSamplingSpec.class, UpSamplingLowering::lower),
                TfLayer.unary(PaddingNdSpec.class, PaddingNdLowering::lower),
                TfLayer.unary(LayerNormalizationSpec.class, LayerNormalizationLowering::lower),
                TfLayer.unary(GroupNormalizationSpec.class, PreprocessingLowering::groupNorm),
                TfLayer.unary(UnitNormalizationSpec.class, PreprocessingLowering::unitNorm),
                TfLayer.unary(NormalizationSpec.class, PreprocessingLowering::normalization),
                TfLayer.unary(ResizingSpec.class, PreprocessingLowering::resize),
                TfLayer.unary(ThresholdedReLUSpec.class, RegularizationLowering::thresholdedRelu),
                TfLayer.unary(NoiseSpec.class, NoiseTraining::lower),
                TfLayer.unary(ActivityRegularizationSpec.class, ActivityRegularization::lower),
                // inference and training: kerasj applies no random augmentation
                TfLayer.unary(AugmentationSpec.class, (ctx, s, x) -> x),
                TfLayer.of(Keras1MergeSpec.class, (ctx, s, in) -> List.of(Keras1MergeLowering.lower(ctx, s, in))),
                TfLayer.of(DotSpec.class, (ctx, s, in) -> List.of(Keras1MergeLowering.dot(ctx, s, in))),
                TfLayer.unary(EmbeddingSpec.class, SequenceInputLowering::embedding),
                TfLayer.unary(MaskingSpec.class, SequenceInputLowering::masking),
                TfLayer.of(SimpleRNNSpec.class, RecurrentLowering::lower),
                TfLayer.of(LSTMSpec.class, RecurrentLowering::lower),
                TfLayer.of(GRUSpec.class, RecurrentLowering::lower),
                TfLayer.of(BidirectionalSpec.class, BidirectionalLowering::lower),
                TfLayer.unary(TimeDistributedSpec.class, TimeDistributedLowering::lower));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<TfLayer<?>> tfLayerService() {
        return (Class) TfLayer.class;
    }

    /** The spec classes with a TensorFlow lowering (built-in or plugged in). */
    static java.util.Set<Class<?>> specClasses() {
        return TABLE.specClasses();
    }

    static List<Operand<TFloat32>> lower(LayerContext ctx, List<Operand<TFloat32>> in) {
        LayerSpec spec = ctx.layer.spec();
        TfLayer<?> lowering = TABLE.find(spec).orElseThrow(() -> new LoweringException("layer kind "
                + ctx.layer.className() + " (" + spec.getClass().getSimpleName() + ") has no TensorFlow lowering"
                + " (a plug-in registers an io.kerasj.runtime.graph.TfLayer for " + spec.getClass().getName()
                + " in META-INF/services)"));
        return apply(lowering, ctx, spec, in);
    }

    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> List<Operand<TFloat32>> apply(TfLayer<S> lowering, LayerContext ctx, LayerSpec spec,
                                                                       List<Operand<TFloat32>> in) {
        // the table is keyed by each lowering's own spec class, so the cast is checked by construction
        return lowering.lower(ctx, (S) spec, in);
    }
}
