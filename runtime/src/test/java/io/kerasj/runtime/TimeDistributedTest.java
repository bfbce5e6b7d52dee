package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * TimeDistributed(Dense) after an LSTM returning sequences: shapes and counts as Keras prints
 * them, and every step equal to the Dense applied to that step's LSTM output, computed in float64
 * from the reference recurrence.
 */
class TimeDistributedTest {
    @Test
    void denseAppliedToEveryStep() {
        KerasModel m = TestModels.sequential(new int[] {5, 3},
                TestModels.layer("LSTM", "rnn", "\"units\": 4, \"return_sequences\": true, \"recurrent_activation\": \"sigmoid\""),
                TestModels.layer("TimeDistributed", "td", "\"layer\": {\"class_name\": \"Dense\", \"config\": {\"name\": \"d\","
                        + " \"units\": 2, \"activation\": \"tanh\"}}"));
        assertEquals(Shape.batch(5, 2), m.layer("td").outputShape());
        assertEquals(4 * 2 + 2, m.layer("td").params());
        FloatTensor x = TestModels.input(3, 5, 3);
        FloatTensor y = TestModels.run(m, x);
        NaiveRnn rnn = SequenceLayersTest.reference(m.layer("rnn"), NaiveRnn.Kind.LSTM, "tanh", "sigmoid");
        float[] k = m.layer("td").weight("kernel").value().toArray();
        float[] b = m.layer("td").weight("bias").value().toArray();
        for (int s = 0; s < 3; s++) {
            double[][] h = rnn.run(SequenceLayersTest.sample(x, s), null, false);
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < 2; j++) {
                    double z = b[j];
                    for (int i = 0; i < 4; i++) {
                        z += h[t][i] * k[i * 2 + j];
                    }
                    assertEquals(Math.tanh(z), y.get((s * 5 + t) * 2 + j), 2e-6, "sample " + s + " step " + t);
                }
            }
        }
    }
}
