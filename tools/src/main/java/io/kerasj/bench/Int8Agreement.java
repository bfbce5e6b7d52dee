package io.kerasj.bench;

import io.kerasj.demo.DemoData;
import io.kerasj.fill.FillRule;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.data.IdxDatasets;
import io.kerasj.runtime.data.ResizedDataset;
import io.kerasj.runtime.parity.OutputAgreement;
import java.nio.file.Path;

/**
 * int8 against fp32 on ONNX Runtime for seed000 (the oracle's weights) on real images: the first
 * N Fashion-MNIST test images resized to 227×227×3, in batches of 32 ({@link OutputAgreement}).
 * Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.Int8Agreement [n] [fashion-mnist dir]}.
 */
public final class Int8Agreement {
    private Int8Agreement() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        String seed = "seed000_alexnet_functional";
        KerasModel model = FillRule.fill(DemoData.seedModel(seed));
        Shape input = model.inputShapes().get(0);
        Dataset images = new ResizedDataset(IdxDatasets.load(dir.resolve("t10k-images-idx3-ubyte.gz"), null,
                Shape.of(28, 28, 1), 1f / 255, n), Shape.of(input.featureDims()));
        try (Predictor fp32 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build();
             Predictor int8 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).precision(Precision.INT8).build()) {
            System.out.print("seed000, Fashion-MNIST test images resized to 227x227x3: "
                    + OutputAgreement.of(fp32, int8, images, 32).toText("int8", "fp32"));
        }
    }
}
