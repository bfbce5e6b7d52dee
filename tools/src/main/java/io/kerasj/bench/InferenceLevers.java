package io.kerasj.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.kerasj.KerasModels;
import io.kerasj.demo.DemoData;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.onnx.export.ModelExport;
import io.kerasj.onnx.proto.Onnx.ModelProto;
import io.kerasj.onnx.quant.Int8Quantizer;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.graph.CompiledModel;
import io.kerasj.runtime.graph.TensorTransfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.types.TFloat32;

/**
 * Inference levers side by side: every variant is built once, then each batch size is timed in
 * one alternating run ({@link AlternatingTimer}); prints median ms, the speed-up over the first
 * variant and each variant's max |output difference| from the first. Run it once with
 * {@code TF_ENABLE_ONEDNN_OPTS=1} and once with {@code =0}: TF's two CPU kernel paths differ.
 *
 * <p>Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.InferenceLevers MODEL ITERS BATCHES VARIANTS},
 * e.g. {@code seed000_alexnet_functional 20 1,32 hand,tf,auto,ort,ort8}. MODEL is a bundled seed
 * (oracle fill-rule weights) or a Keras file. Variants:
 * <ul>
 *   <li>{@code hand}: {@link HandBuiltGraph}, the model written directly against TF Java;
 *       {@code tf}: kerasj on TensorFlow;
 *       {@code auto}: kerasj with {@link Engine#AUTO} (prints its routing);</li>
 *   <li>{@code tfc-INTRA-INTER-p|n[-L0]}: kerasj's graph in a session with those thread pools
 *       ({@code d} = TF's default), per-session pools ({@code p}) or not, graph optimiser level L0;</li>
 *   <li>{@code ort[-THREADS[-SPIN[-seq|par[-all|ext|basic]]]]}: the ONNX export on ONNX Runtime with
 *       those intra-op threads, idle spinning 1/0 (default 0: a spinning session slows whatever runs
 *       after it, which would bias an alternating run), execution mode and graph optimisation;
 *       {@code ort8-...} the same with int8 Dense and Conv, {@code ort8dense-...} int8 Dense only.</li>
 * </ul>
 */
public final class InferenceLevers {
    private InferenceLevers() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: InferenceLevers MODEL ITERS BATCHES VARIANTS (see the class comment)");
            System.exit(2);
        }
        KerasModel model = Files.exists(Path.of(args[0])) ? KerasModels.load(Path.of(args[0]))
                : FillRule.fill(DemoData.seedModel(args[0]));
        int iters = Integer.parseInt(args[1]);
        int[] features = model.inputShapes().get(0).featureDims();
        Map<String, UnaryOperator<FloatTensor>> runs = new LinkedHashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (String v : args[3].split(",")) {
                runs.put(v, build(v, model, open));
            }
            for (String b : args[2].split(",")) {
                int batch = Integer.parseInt(b);
                FloatTensor x = FillRule.input(batch, features);
                System.out.println(row(args[0], batch, runs, x, iters));
            }
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private static String row(String name, int batch, Map<String, UnaryOperator<FloatTensor>> runs, FloatTensor x,
                              int iters) {
        FloatTensor ref = null;
        StringBuilder diffs = new StringBuilder();
        for (var e : runs.entrySet()) {
            FloatTensor y = e.getValue().apply(x);
            e.getValue().apply(x);
            if (ref == null) {
                ref = y;
            } else {
                double d = 0;
                for (int i = 0; i < y.size(); i++) {
                    d = Math.max(d, Math.abs(y.get(i) - ref.get(i)));
                }
                diffs.append(String.format(Locale.ROOT, " %s %.2g", e.getKey(), d));
            }
        }
        List<Runnable> timed = new ArrayList<>();
        runs.values().forEach(f -> timed.add(() -> f.apply(x)));
        double[] m = AlternatingTimer.medians(timed, iters);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s batch %d (%d runs each):", name, batch, iters));
        int k = 0;
        for (String v : runs.keySet()) {
            sb.append(String.format(Locale.ROOT, " %s %.2f ms (x%.3f)", v, m[k], m[0] / m[k]));
            k++;
        }
        return sb + (diffs.length() > 0 ? " | max |diff|:" + diffs : "");
    }

    private static UnaryOperator<FloatTensor> build(String v, KerasModel model, List<AutoCloseable> open)
            throws OrtException {
        if (v.equals("hand")) {
            HandBuiltGraph h = new HandBuiltGraph(model);
            open.add(h);
            return h::predict;
        }
        if (v.equals("tf") || v.equals("auto")) {
            Predictor p = KerasRuntime.builder(model).engine(v.equals("tf") ? Engine.TENSORFLOW : Engine.AUTO).build();
            open.add(p);
            if (v.equals("auto")) {
                System.out.println(p);
            }
            return p::predict;
        }
        if (v.startsWith("tfc-")) {
            return tensorFlowWithConfig(v.split("-"), model, open);
        }
        if (v.startsWith("ort")) {
            return onnxRuntime(v.split("-"), model, open);
        }
        throw new IllegalArgumentException("unknown variant " + v);
    }

    private static UnaryOperator<FloatTensor> tensorFlowWithConfig(String[] a, KerasModel model, List<AutoCloseable> open) {
        ConfigProto.Builder c = ConfigProto.newBuilder().putDeviceCount("GPU", 0);
        if (!a[1].equals("d")) {
            c.setIntraOpParallelismThreads(Integer.parseInt(a[1]));
        }
        if (!a[2].equals("d")) {
            c.setInterOpParallelismThreads(Integer.parseInt(a[2]));
        }
        c.setUsePerSessionThreads(a[3].equals("p"));
        if (a.length > 4 && a[4].equals("L0")) {
            c.setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
                    OptimizerOptions.newBuilder().setOptLevel(OptimizerOptions.Level.L0)));
        }
        CompiledModel cm = CompiledModel.compile(model);
        open.add(cm);
        Session s = new Session(cm.graph(), c.build());
        open.add(0, s);
        cm.initialize(s);
        return x -> {
            try (TFloat32 t = TensorTransfer.toTensorFlow(x);
                 Result r = s.runner().feed(cm.inputs().get(0), t).fetch(cm.outputs().get(0)).run()) {
                return TensorTransfer.fromTensorFlow((TFloat32) r.get(0));
            }
        };
    }

    private static UnaryOperator<FloatTensor> onnxRuntime(String[] a, KerasModel model, List<AutoCloseable> open)
            throws OrtException {
        ModelProto fp32 = ModelExport.toOnnx(model);
        ModelProto m = switch (a[0]) {
            case "ort" -> fp32;
            case "ort8" -> Int8Quantizer.forThisCpu().rewrite(fp32);
            case "ort8dense" -> new Int8Quantizer(Int8Quantizer.forThisCpu().reduceRange(), false).rewrite(fp32);
            default -> throw new IllegalArgumentException("unknown variant " + String.join("-", a));
        };
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        open.add(o);
        o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        if (a.length > 1 && !a[1].equals("d")) {
            o.setIntraOpNumThreads(Integer.parseInt(a[1]));
        }
        o.addConfigEntry("session.intra_op.allow_spinning", a.length > 2 ? a[2] : "0");
        if (a.length > 3 && a[3].equals("par")) {
            o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.PARALLEL);
        }
        String level = a.length > 4 ? a[4] : "all";
        o.setOptimizationLevel(switch (level) {
            case "ext" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
            case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
            default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
        });
        OrtSession s = env.createSession(m.toByteArray(), o);
        open.add(0, s);
        String in = s.getInputNames().iterator().next();
        return x -> {
            long[] shape = new long[x.shape().rank()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = x.shape().dim(k);
            }
            try (OnnxTensor t = OnnxTensor.createTensor(env, x.buffer(), shape); OrtSession.Result r = s.run(Map.of(in, t))) {
                OnnxTensor out = (OnnxTensor) r.get(0);
                long[] os = out.getInfo().getShape();
                int[] dims = new int[os.length];
                for (int k = 0; k < dims.length; k++) {
                    dims[k] = Math.toIntExact(os[k]);
                }
                return FloatTensor.read(Shape.of(dims), out.getFloatBuffer());
            } catch (OrtException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
