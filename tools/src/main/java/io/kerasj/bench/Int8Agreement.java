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
 * int8 against fp32 on ONNX Runtime on real images: the first N Fashion-MNIST test images resized
 * to the model's input, in batches of 32 ({@link OutputAgreement}). The model is seed000 with the
 * oracle's weights unless a Keras file is given. Those weights are synthetic: seed000 puts every
 * Fashion-MNIST image in the same class, so its agreement says little; a trained model (e.g. the
 * {@code seed003_fashion.keras} that {@code kerasj demo --out DIR} writes) tests the quantiser.
 * Run: {@code java -cp tools/target/kerasj.jar io.kerasj.bench.Int8Agreement [n] [fashion-mnist dir] [model]}.
 */
public final class Int8Agreement {
    private Int8Agreement() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path dir = Path.of(args.length > 1 ? args[1] : "/usr/share/datasets/fashion-mnist");
        KerasModel model = args.length > 2 ? io.kerasj.KerasModels.load(Path.of(args[2]))
                : FillRule.fill(DemoData.seedModel("seed000_alexnet_functional"));
        Shape input = model.inputShapes().get(0);
        Dataset images = new ResizedDataset(IdxDatasets.load(dir.resolve("t10k-images-idx3-ubyte.gz"), null,
                Shape.of(28, 28, 1), 1f / 255, n), Shape.of(input.featureDims()));
        try (Predictor fp32 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build();
             Predictor int8 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).precision(Precision.INT8).build()) {
            System.out.print(model.name() + ", Fashion-MNIST test images resized to " + input.withBatch(1) + ": "
                    + OutputAgreement.of(fp32, int8, images, 32).toText("int8", "fp32"));
        }
    }
}
