package io.kerasj.runtime.graph;

import io.kerasj.layers.DropoutSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Dropout and SpatialDropout1D/2D/3D. Inference passes values through unchanged; training, as tf.keras
 * (TF 2), drops with probability {@code rate} and scales survivors by 1/(1-rate)
 * ({@code x·scale·[u >= rate]}); the spatial variants drop whole channels. Masks are a function of
 * (seed, layer, training step), see {@link TrainingMode#step()}.
 */
final class DropoutLowering implements TfLayer<DropoutSpec> {

    @Override
    public Class<DropoutSpec> specClass() {
        return DropoutSpec.class;
    }

    @Override
    public List<Operand<TFloat32>> lower(LayerContext ctx, DropoutSpec d, List<Operand<TFloat32>> in) {
        Operand<TFloat32> x = in.get(0);
        if (ctx.training().isEmpty() || d.rate() == 0) {
            return List.of(x);
        }
        TrainingMode training = ctx.training().get();
        Ops t = ctx.tf;
        Operand<TInt32> shape = t.shape(x);
        if (d.spatial()) {
            // SpatialDropout1D/2D/3D: one draw per (sample, channel), broadcast over the spatial axes
            int rank = ctx.inputShape(0).rank();
            boolean channelsLast = !"channels_first".equals(d.dataFormat());
            Operand<TInt32> one = t.constant(new int[] {1});
            Operand<TInt32> batch = t.slice(shape, t.constant(new int[] {0}), one);
            Operand<TInt32> channels = t.slice(shape, t.constant(new int[] {channelsLast ? rank - 1 : 1}), one);
            List<Operand<TInt32>> parts = new java.util.ArrayList<>();
            parts.add(batch);
            if (!channelsLast) {
                parts.add(channels);
            }
            for (int i = 0; i < rank - 2; i++) {
                parts.add(one);
            }
            if (channelsLast) {
                parts.add(channels);
            }
            shape = t.concat(parts, t.constant(0));
        }
        // stateless, keyed by stream and step: a restarted run draws the same masks
        Operand<TFloat32> u = t.random.statelessRandomUniform(shape, training.nextStatelessSeed(t), TFloat32.class);
        Operand<TFloat32> keep = t.dtypes.cast(t.math.greaterEqual(u, ctx.scalar(d.rate())), TFloat32.class);
        Operand<TFloat32> dropped = t.math.mul(t.math.mul(x, ctx.scalar(1.0 / (1.0 - d.rate()))), keep);
        return List.of(t.select(training.flag(), dropped, x));
    }
}
