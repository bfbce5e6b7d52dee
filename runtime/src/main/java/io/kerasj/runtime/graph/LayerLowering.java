package io.kerasj.runtime.graph;

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
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Lowers one call of one (non-nested) layer with Keras inference semantics. Each spec record has
 * one entry in a table keyed by its class, mirroring the importer's registry keyed by class_name.
 */
final class LayerLowering {
    /** How one spec kind becomes TensorFlow ops: the call's inputs in, the layer's outputs out. */
    @FunctionalInterface
    private interface Lowering<S extends LayerSpec> {
        List<Operand<TFloat32>> lower(LayerContext ctx, S spec, List<Operand<TFloat32>> in);
    }

    /** A single-input, single-output lowering. */
    @FunctionalInterface
    private interface Unary<S extends LayerSpec> {
        Operand<TFloat32> lower(LayerContext ctx, S spec, Operand<TFloat32> x);
    }

    private static final Map<Class<? extends LayerSpec>, Lowering<?>> TABLE = new HashMap<>();

    static {
        TABLE.put(MergeSpec.class, (Lowering<MergeSpec>) (ctx, s, in) -> List.of(MergeLowering.merge(ctx, s, in)));
        unary(Conv2DSpec.class, ConvolutionLowering::conv2d);
        unary(DepthwiseConv2DSpec.class, ConvolutionLowering::depthwise);
        unary(SeparableConv2DSpec.class, ConvolutionLowering::separable);
        unary(Pooling2DSpec.class, PoolingLowering::pool);
        unary(GlobalPooling2DSpec.class, PoolingLowering::global);
        unary(DenseSpec.class, DenseLowering::dense);
        unary(BatchNormalizationSpec.class, NormalizationLowering::batchNorm);
        unary(ActivationSpec.class, ActivationLowering::layer);
        unary(PReLUSpec.class, ActivationLowering::prelu);
        unary(FlattenSpec.class, ReshapeLowering::flatten);
        unary(ReshapeSpec.class, ReshapeLowering::reshape);
        unary(PermuteSpec.class, ReshapeLowering::permute);
        unary(Padding2DSpec.class, ReshapeLowering::padOrCrop);
        unary(RescalingSpec.class, MergeLowering::rescale);
        // inference: Dropout and SpatialDropout2D pass values through unchanged
        unary(DropoutSpec.class, (ctx, s, x) -> x);
        unary(InputLayerSpec.class, (ctx, s, x) -> x);
        // the function was decoded from its bytecode (never executed) at import
        unary(LambdaSpec.class, LambdaLowering::lower);
        // issue 18, non-sequence layers
        unary(io.kerasj.layers.ConvolutionSpec.class, ConvolutionNdLowering::conv);
        unary(io.kerasj.layers.PoolingNdSpec.class, PoolingNdLowering::pool);
        unary(io.kerasj.layers.GlobalPoolingNdSpec.class, PoolingNdLowering::global);
        unary(io.kerasj.layers.LayerNormalizationSpec.class, LayerNormalizationLowering::lower);
        unary(io.kerasj.layers.UpSamplingSpec.class, UpSamplingLowering::lower);
        unary(io.kerasj.layers.PaddingNdSpec.class, PaddingNdLowering::lower);
        TABLE.put(io.kerasj.layers.Keras1MergeSpec.class,
                (Lowering<io.kerasj.layers.Keras1MergeSpec>) (ctx, s, in) -> List.of(Keras1MergeLowering.lower(ctx, s, in)));
        TABLE.put(io.kerasj.layers.DotSpec.class,
                (Lowering<io.kerasj.layers.DotSpec>) (ctx, s, in) -> List.of(Keras1MergeLowering.dot(ctx, s, in)));
        unary(io.kerasj.layers.ThresholdedReLUSpec.class, RegularizationLowering::thresholdedRelu);
        unary(io.kerasj.layers.ConvTransposeSpec.class, ConvTransposeLowering::transpose);
        unary(io.kerasj.layers.SeparableConv1DSpec.class, ConvTransposeLowering::separable1d);
        unary(io.kerasj.layers.GroupNormalizationSpec.class, PreprocessingLowering::groupNorm);
        unary(io.kerasj.layers.UnitNormalizationSpec.class, PreprocessingLowering::unitNorm);
        unary(io.kerasj.layers.NormalizationSpec.class, PreprocessingLowering::normalization);
        unary(io.kerasj.layers.ResizingSpec.class, PreprocessingLowering::resize);
        unary(io.kerasj.layers.AugmentationSpec.class, (ctx, s, x) -> x);
        // inference: noise layers and ActivityRegularization pass values through unchanged
        unary(io.kerasj.layers.NoiseSpec.class, (ctx, s, x) -> x);
        unary(io.kerasj.layers.ActivityRegularizationSpec.class, (ctx, s, x) -> x);
    }

    private LayerLowering() {
    }

    private static <S extends LayerSpec> void unary(Class<S> kind, Unary<S> body) {
        TABLE.put(kind, (Lowering<S>) (ctx, s, in) -> {
            if (in.size() != 1) {
                throw new LoweringException(ctx.layer.className() + " takes one input, got " + in.size());
            }
            return List.of(body.lower(ctx, s, in.get(0)));
        });
    }

    static List<Operand<TFloat32>> lower(LayerContext ctx, List<Operand<TFloat32>> in) {
        LayerSpec spec = ctx.layer.spec();
        Lowering<?> lowering = TABLE.get(spec.getClass());
        if (lowering == null) {
            throw new LoweringException("layer kind " + ctx.layer.className() + " (" + spec.getClass().getSimpleName()
                    + ") has no TensorFlow lowering");
        }
        return apply(lowering, ctx, spec, in);
    }

    @SuppressWarnings("unchecked")
    private static <S extends LayerSpec> List<Operand<TFloat32>> apply(Lowering<S> lowering, LayerContext ctx, LayerSpec spec,
                                                                       List<Operand<TFloat32>> in) {
        // the table pairs each class with its own lowering, so the cast is checked by construction
        return lowering.lower(ctx, (S) spec, in);
    }
}
