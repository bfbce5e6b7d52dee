package io.kerasj.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.fill.FillRule;
import io.kerasj.fixtures.Fixtures;
import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.Layer;
import io.kerasj.ir.Weight;
import io.kerasj.runtime.parity.LayerExpectation;
import io.kerasj.runtime.parity.OracleReference;
import io.kerasj.runtime.parity.ParityChecker;
import io.kerasj.runtime.parity.ParityReport;
import io.kerasj.runtime.parity.Reference;
import io.kerasj.runtime.report.ParityReportPage;
import io.kerasj.runtime.report.Provenance;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML parity report for seed002 (grouped convolutions + LRN) and for the same model with one
 * kernel weight perturbed, rendered by headless Chromium (Debian's chromium, which .ci/run
 * installs): the DOM and the screenshot must show the verdict, the first diverging layer and the graph.
 */
class ParityReportPageTest {
    static final String SEED = "seed002_alexnet_grouped_lrn";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    static KerasModel model;
    static ParityReport passing;
    static ParityReport failing;
    static KerasModel broken;

    @BeforeAll
    static void checkBoth() {
        model = SeedModels.filled(SEED);
        passing = check(model);
        broken = perturb(model, "conv2d_1", "bias", 17, 0.5f);
        failing = check(broken);
    }

    private static ParityReport check(KerasModel m) {
        try (Predictor p = KerasRuntime.builder(m).build()) {
            return ParityChecker.defaults().check(p, OracleReference.read(Fixtures.oracle(SEED, "expected.json"), FillRule.input(m)));
        }
    }

    /**
     * The model with one element of one weight moved by {@code delta}. A bias element shifts a whole
     * channel, which the oracle's sums see even where its 16 sampled elements miss it.
     */
    private static KerasModel perturb(KerasModel m, String layer, String weight, int index, float delta) {
        Layer l = m.layer(layer);
        List<Weight> ws = new ArrayList<>();
        for (Weight w : l.weights()) {
            if (w.name().equals(weight)) {
                float[] v = w.value().toArray();
                v[index] += delta;
                w = new Weight(w.spec(), FloatTensor.wrap(w.value().shape(), v));
            }
            ws.add(w);
        }
        return m.withLayers(List.of(l.withWeights(ws)));
    }

    @Test
    void passingReportShowsTheVerdictTheGraphAndProvenanceInChromium() throws Exception {
        assertTrue(passing.passed(), passing.toText());
        Path html = dir.resolve("seed002.html");
        ParityReportPage.write(html, passing, model, Provenance.of(model, passing.reference(), null, "TensorFlow Java", "CPU"));
        assertTrue(Files.size(html) < 400_000, "plots summarise, no tensors: " + Files.size(html) + " bytes");
        String dom = dumpDom(html);
        assertTrue(dom.contains("id=\"verdict\" class=\"verdict pass\""), "verdict banner");
        assertTrue(dom.contains(">PASS<"), "verdict text");
        assertFalse(dom.contains("id=\"first-divergence\""));
        assertEquals(model.layers().size(), count(dom, "<g class=\"layer\""), "one box per layer in the graph");
        assertTrue(count(dom, "data-mark=\"passed\"") >= 15, "checked layers drawn as passed");
        assertTrue(dom.contains("<path d=\"M"), "edges drawn");
        for (String key : List.of("model sha256", "TensorFlow version", "CPU kernel path", "kerasj version", "date")) {
            assertTrue(dom.contains("<dt>" + key + "</dt>"), key);
        }
        assertTrue(dom.contains("<pre id=\"summary\">"), "the Keras summary");
        BufferedImage shot = screenshot(html);
        int[] banner = bannerColour(shot);
        assertTrue(banner[1] > banner[0] + 40, "green verdict banner, got rgb " + banner[0] + "," + banner[1] + "," + banner[2]);
    }

    @Test
    void brokenModelNamesItsFirstDivergingLayerInChromium() throws Exception {
        assertFalse(failing.passed());
        assertEquals("conv2d_1", failing.firstDivergence().orElseThrow().name(), failing.toText());
        Path html = dir.resolve("seed002-broken.html");
        ParityReportPage.write(html, failing, broken, Provenance.of(broken, failing.reference(), null, "TensorFlow Java", "CPU"));
        String dom = dumpDom(html);
        assertTrue(dom.contains("id=\"verdict\" class=\"verdict fail\""), "verdict banner");
        assertTrue(dom.contains(">FAIL<"));
        Matcher first = Pattern.compile("<b id=\"first-divergence\">([^<]*)</b>").matcher(dom);
        assertTrue(first.find(), "first divergence named");
        assertEquals("conv2d_1", first.group(1));
        assertTrue(dom.contains("data-layer=\"conv2d_1\" data-mark=\"first_failure\""), "the graph marks it");
        assertTrue(dom.contains("data-layer=\"conv2d\" data-mark=\"passed\""), "layers before it still pass");
        assertTrue(dom.contains("id=\"depth-plot\""));
        int[] banner = bannerColour(screenshot(html));
        assertTrue(banner[0] > banner[1] + 40, "red verdict banner, got rgb " + banner[0] + "," + banner[1] + "," + banner[2]);
    }

    @Test
    void aTwoHundredLayerModelFoldsItsTableAndStaysSmall() {
        String[] layers = new String[200];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = TestModels.layer("Dense", "d" + i, "\"units\": 8, \"activation\": \"tanh\"");
        }
        KerasModel deep = TestModels.sequential(new int[] {8}, layers);
        FloatTensor x = TestModels.input(4, 8);
        ParityReport r;
        try (Predictor p = KerasRuntime.builder(deep).build()) {
            List<String> names = deep.layers().stream().map(Layer::name).filter(n -> !n.equals("in")).toList();
            Map<String, FloatTensor> acts = p.predictLayers(List.of(x), names);
            List<LayerExpectation> expected = new ArrayList<>();
            // the reference is the model itself, one layer nudged: every later layer inherits it
            acts.forEach((n, t) -> expected.add(LayerExpectation.full(n, n.equals("d120") ? nudged(t) : t)));
            r = ParityChecker.defaults().check(p, new Reference("itself", List.of(x), expected, List.of()));
        }
        assertEquals(200, r.checks().size());
        assertEquals("d120", r.firstDivergence().orElseThrow().name());
        String page = ParityReportPage.render(r, deep, Provenance.of(deep, r.reference(), null, "TensorFlow Java", "CPU"));
        assertTrue(page.length() < 1_000_000, "a 200-layer report is " + page.length() + " characters");
        assertTrue(page.contains("<table id=\"failing-checks\">"), "failing rows stay in view");
        assertTrue(page.contains("<details><summary>All 200 checks</summary>"), "the full table folds");
        assertTrue(page.contains("<details><summary>model.summary()"), "the long summary folds");
        assertEquals(201, count(page, "<g class=\"layer\""));
    }

    private static FloatTensor nudged(FloatTensor t) {
        float[] v = t.toArray();
        v[0] += 0.01f;
        return FloatTensor.wrap(t.shape(), v);
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Mean colour of the band where the verdict banner sits, below the title lines. */
    private static int[] bannerColour(BufferedImage img) {
        long r = 0;
        long g = 0;
        long b = 0;
        long n = 0;
        for (int y = 110; y < 150; y++) {
            for (int x = 60; x < 400; x++) {
                int p = img.getRGB(x, y);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
                n++;
            }
        }
        return new int[] {(int) (r / n), (int) (g / n), (int) (b / n)};
    }

    private static String dumpDom(Path html) throws Exception {
        Path out = dir.resolve(html.getFileName() + ".dom");
        chromium(out, "--dump-dom", html.toUri().toString());
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static BufferedImage screenshot(Path html) throws Exception {
        Path png = dir.resolve(html.getFileName() + ".png");
        chromium(dir.resolve("shot.log"), "--screenshot=" + png, "--window-size=1280,1400", "--hide-scrollbars",
                html.toUri().toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() == 1280, "a 1280-wide screenshot");
        return img;
    }

    private static void chromium(Path stdout, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(CHROMIUM), "headless Chromium is needed: apt-get install chromium (.ci/run does)");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile())
                .redirectError(dir.resolve(stdout.getFileName() + ".err").toFile()).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve(stdout.getFileName() + ".err")));
    }
}
