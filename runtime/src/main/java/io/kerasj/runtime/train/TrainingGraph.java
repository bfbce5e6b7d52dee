package io.kerasj.runtime.train;

import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.TrainingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training additions to a compiled model's graph: the labels placeholder, the loss and
 * accuracy, one gradient per trainable weight, and the optimizer step (which also runs the
 * BatchNormalization moving-statistics updates). A weight is trained when its layer is trainable
 * and Keras marks the weight trainable (moving statistics never are).
 */
final class TrainingGraph {
    /** One trained weight: where it lives in the IR and in the graph, and its gradient. */
    record Trained(String layer, String weight, Variable<TFloat32> variable, Operand<TFloat32> gradient) {
    }

    final CompiledModel compiled;
    final Placeholder<TFloat32> input;
    final Placeholder<TInt32> labels;
    final Operand<TBool> flag;
    /** Fed with the optimizer step count: Dropout masks are drawn for it. */
    final Operand<TInt64> dropoutStep;
    final Operand<TFloat32> output;
    final LossGraph.Built loss;
    final Operand<TFloat32> lossSum;
    final Operand<TFloat32> correctSum;
    final List<Trained> trained;
    final OptimizerGraph optimizer;

    TrainingGraph(CompiledModel compiled, KerasModel model, Loss lossKind, Optimizer opt, int numClasses) {
        this.compiled = compiled;
        if (compiled.inputs().size() != 1 || compiled.outputs().size() != 1) {
            throw new IllegalArgumentException("fine-tuning supports models with one input and one output; "
                    + model.name() + " has " + compiled.inputs().size() + " and " + compiled.outputs().size());
        }
        TrainingMode mode = compiled.training().orElseThrow(() ->
                new IllegalArgumentException("the model was compiled without training support"));
        Ops tf = compiled.ops().withSubScope("train");
        this.input = compiled.inputs().get(0);
        this.output = compiled.outputs().get(0);
        this.flag = mode.flag();
        this.dropoutStep = mode.step();
        this.labels = tf.withName("labels").placeholder(TInt32.class,
                Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1)));
        this.loss = LossGraph.build(tf.withSubScope("loss"), lossKind, output, labels, numClasses);
        // activity regularization (Keras adds it to the reported loss in training and evaluation)
        Operand<TFloat32> regularization = mode.regularizationLoss();
        Operand<TFloat32> batch = tf.dtypes.cast(tf.size(loss.perSample()), TFloat32.class);
        this.lossSum = tf.math.add(tf.reduceSum(loss.perSample(), tf.constant(0)), tf.math.mul(regularization, batch));
        this.correctSum = tf.reduceSum(loss.correct(), tf.constant(0));
        Map<String, Map<String, Variable<TFloat32>>> vars = compiled.weights().variables();
        List<String[]> keys = new ArrayList<>();
        List<Variable<TFloat32>> trainVars = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!l.trainable()) {
                continue;
            }
            for (Weight w : l.weights()) {
                Variable<TFloat32> v = vars.getOrDefault(l.name(), Map.of()).get(w.name());
                if (w.spec().trainable() && v != null) {
                    keys.add(new String[] {l.name(), w.name()});
                    trainVars.add(v);
                }
            }
        }
        if (trainVars.isEmpty()) {
            throw new IllegalArgumentException("model " + model.name() + " has no trainable weight left (every layer frozen?)");
        }
        Gradients grads = tf.withSubScope("gradients").gradients(tf.math.add(loss.mean(), regularization), trainVars);
        List<Operand<TFloat32>> gradList = new ArrayList<>();
        List<Trained> t = new ArrayList<>();
        for (int i = 0; i < trainVars.size(); i++) {
            Operand<TFloat32> g = grads.<TFloat32>dy(i);
            gradList.add(g);
            t.add(new Trained(keys.get(i)[0], keys.get(i)[1], trainVars.get(i), g));
        }
        this.trained = List.copyOf(t);
        this.optimizer = OptimizerGraph.build(tf.withSubScope("optimizer"), opt, trainVars, gradList, mode.updateOps());
    }
}
