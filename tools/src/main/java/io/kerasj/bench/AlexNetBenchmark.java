package io.kerasj.bench;

import io.kerasj.demo.DemoData;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Predictor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * seed000 AlexNet inference: the kerasj runtime's generated graph against {@link HandBuiltGraph}
 * with the same fill-rule weights and input. Run:
 * {@code java -cp tools/target/kerasj.jar org.openjdk.jmh.Main AlexNetBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class AlexNetBenchmark {
    @Param({"kerasj", "handbuilt"})
    public String impl;

    @Param({"1", "32"})
    public int batch;

    private Predictor predictor;
    private HandBuiltGraph handBuilt;
    private FloatTensor input;

    /** seed000 with the oracle's weights. */
    public static KerasModel seed000() {
        String seed = "seed000_alexnet_functional";
        return FillRule.fill(DemoData.seedModel(seed));
    }

    @Setup(Level.Trial)
    public void setUp() {
        KerasModel model = seed000();
        input = FillRule.input(batch, 227, 227, 3);
        if (impl.equals("kerasj")) {
            predictor = KerasRuntime.builder(model).build();
        } else {
            handBuilt = new HandBuiltGraph(model);
        }
    }

    @Benchmark
    public FloatTensor predict() {
        return predictor != null ? predictor.predict(input) : handBuilt.predict(input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (predictor != null) {
            predictor.close();
        }
        if (handBuilt != null) {
            handBuilt.close();
        }
    }
}
