package io.kerasj.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import io.kerasj.ir.SourceInfo;
import io.kerasj.runtime.Engine;
import io.kerasj.runtime.KerasRuntime;
import io.kerasj.runtime.Precision;
import io.kerasj.runtime.Predictor;
import io.kerasj.runtime.data.Dataset;
import io.kerasj.runtime.data.IdxDatasets;
import io.kerasj.runtime.data.ResizedDataset;
import io.kerasj.runtime.parity.OutputAgreement;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * int8 dynamic quantisation of seed000 (the AlexNet with the oracle's weights) on real images:
 * Fashion-MNIST test images resized to 227×227×3 agree with fp32 on the top class, and the
 * probabilities move little. 64 images keep the test short; tools' Int8Agreement measures 1,000.
 */
class Int8Seed000Test {
    static final Path IMAGES = Path.of("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz");

    /** {@code n} Fashion-MNIST test images resized to the model input. */
    static FloatTensor images(int n, Shape input) {
        Dataset d = new ResizedDataset(IdxDatasets.load(IMAGES, null, Shape.of(28, 28, 1), 1f / 255, n),
                Shape.of(input.featureDims()));
        float[] v = new float[d.size() * d.sampleSize()];
        for (int i = 0; i < d.size(); i++) {
            d.copySample(i, v, i * d.sampleSize());
        }
        return FloatTensor.wrap(input.withBatch(d.size()), v);
    }

    @Test
    void int8AgreesWithFp32OnRealImages() {
        String seed = "seed000_alexnet_functional";
        KerasModel model = FillRule.fill(ModelConfigParser.parse(Fixtures.oracleText(seed, "keras2_config.json"),
                Fixtures.oracle(seed, "keras2_config.json"), new SourceInfo("json", "2.4.0", "tensorflow", null)));
        FloatTensor x = images(64, model.inputShapes().get(0));
        try (Predictor fp32 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).build();
             Predictor int8 = KerasRuntime.builder(model).engine(Engine.ONNX_RUNTIME).precision(Precision.INT8).build()) {
            OutputAgreement c = OutputAgreement.of(fp32, int8, x, 32);
            System.out.print("seed000, 64 Fashion-MNIST images: " + c.toText("int8", "fp32"));
            assertTrue(c.agreement() >= 0.99, c.toString());
            assertTrue(c.maxAbs() > 0 && c.maxAbs() < 5e-3, c.toString());
        }
    }
}
