package io.kerasj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kerasj.fixtures.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kerasj validate} and {@code kerasj summary}: exit codes, tables, JSON. */
class SummaryCliTest {
    private static final String LENET = "Kotlin__kotlindl/tensorflow/src/test/resources/inference/lenet/";

    /** Runs the CLI with the two commands registered (the lead's KerasjCli may already list them). */
    private static CliRunner run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KerasjCli.commandLine();
        if (!cli.getSubcommands().containsKey("validate")) {
            cli.addSubcommand("validate", new ValidateCommand());
        }
        if (!cli.getSubcommands().containsKey("summary")) {
            cli.addSubcommand("summary", new SummaryCommand());
        }
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRunner(code, out.toString(), err.toString());
    }

    private static String config(String seed) {
        return Fixtures.oracle(seed, "keras2_config.json").toString();
    }

    @Test
    void seed001AgainstWhatItsCodeSaysExitsOneWithTheDiagnosis() {
        CliRunner r = run("validate", config("seed001_alexnet_bn_227"), "--summary", Fixtures.seed("001_59f6773c13431102.txt").toString());
        assertEquals(1, r.exitCode(), r.err());
        assertTrue(r.out().contains("conv2d_1 (Conv2D)"), r.out());
        assertTrue(r.out().contains("shape differs (model: (None, 55, 55, 96))"), r.out());
        assertTrue(r.out().contains("Rebuilding this architecture with input 147×147×3 and 10 classes reproduces the summary"), r.out());
        assertTrue(r.out().contains("Result: DIFFERENT"), r.out());
    }

    @Test
    void reportShowsTheDifferingRowsAndTheDiagnosis(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("validate.html");
        CliRunner r = run("validate", config("seed001_alexnet_bn_227"), "--summary", Fixtures.seed("001_59f6773c13431102.txt").toString(),
                "--report", html.toString());
        assertEquals(1, r.exitCode(), r.err());
        String page = Files.readString(html);
        assertTrue(page.contains("id=\"verdict\" class=\"verdict fail\""), page);
        assertTrue(page.contains(">DIFFERENT<"), page);
        assertTrue(page.contains("id=\"first-divergence\""), page);
        assertTrue(page.contains("reproduces the summary"), "the diagnosis is on the page");
        assertTrue(page.contains("<dt>summary sha256</dt>"), page);
        assertTrue(page.contains("data-mark=\"first_failure\""), "the graph marks the first differing layer");
    }

    @Test
    void jsonHasTheSameContent() throws Exception {
        CliRunner r = run("validate", config("seed001_alexnet_bn_227"), "--summary",
                Fixtures.seed("001_59f6773c13431102.txt").toString(), "--json");
        assertEquals(1, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(false, j.get("passed").asBoolean());
        assertEquals("sequential_1", j.get("summary").get("model_name").asText());
        assertEquals(27, j.get("rows").size());
        assertEquals("input_not_printed", j.get("rows").get(0).get("status").asText());
        assertEquals("(None, 35, 35, 96)", j.get("rows").get(1).get("summary").get("output_shape").asText());
        assertEquals("(None, 55, 55, 96)", j.get("rows").get(1).get("layer").get("output_shape").asText());
        assertEquals(30_049_034L, j.get("totals").get(0).get("summary").asLong());
        List<String> kinds = new ArrayList<>();
        j.get("diagnoses").forEach(d -> kinds.add(d.get("kind").asText()));
        assertEquals(List.of("class_count", "input_size", "reproduced"), kinds);
        JsonNode reproduced = j.get("diagnoses").get(2).get("details");
        assertEquals("[147,147,3]", reproduced.get("input_shape").toString());
        assertEquals(10, reproduced.get("classes").asInt());
    }

    @Test
    void choosingOneOfSeveralSummaries() {
        String seed000 = Fixtures.seed("000_9ff98f826cd16be1.txt").toString();
        CliRunner byName = run("validate", config("seed000_alexnet_functional"), "--summary", seed000, "--model-name", "model_8");
        assertEquals(0, byName.exitCode(), byName.out() + byName.err());
        assertTrue(byName.out().contains("Summary \"model_8\""), byName.out());
        assertTrue(byName.out().contains("Result: MATCH - all 15 rows and 3 printed totals agree."), byName.out());
        CliRunner byIndex = run("validate", config("seed000_alexnet_functional"), "--summary", seed000, "--index", "1");
        assertEquals(0, byIndex.exitCode());
        assertTrue(byIndex.out().contains("Summary \"model_2\""), byIndex.out());
        CliRunner best = run("validate", config("seed000_alexnet_functional"), "--summary", seed000);
        assertEquals(0, best.exitCode());
        assertTrue(best.out().startsWith("The text has 2 summaries"), best.out());
        CliRunner unknown = run("validate", config("seed000_alexnet_functional"), "--summary", seed000, "--model-name", "model_9");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("\"model_2\"") && unknown.err().contains("\"model_8\""), unknown.err());
    }

    @Test
    void subclassedSummaryWithMultipleShapes() {
        CliRunner r = run("validate", config("seed004_alexnet_bn_1000"), "--summary",
                Fixtures.seed("004_e9789c2690fd4d08.txt").toString(), "--model-name", "alex_net");
        assertEquals(0, r.exitCode(), r.out());
        assertTrue(r.out().contains("shape printed as 'multiple', not compared"), r.out());
    }

    @Test
    void unreadableSummaryExitsTwo(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.txt");
        Files.write(junk, new byte[] {0, 1, 2, 3, 0, 0, 7});
        CliRunner r = run("validate", config("seed000_alexnet_functional"), "--summary", junk.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("binary data"), r.err());
        CliRunner none = run("validate", config("seed000_alexnet_functional"), "--summary",
                Fixtures.seed("003_97b225fc3612c737.txt").toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no model.summary() table found"), none.err());
    }

    @Test
    void summaryPrintsKeras2AsTheNotebookDid() {
        CliRunner r = run("summary", Fixtures.corpus(LENET + "modelConfig.json").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(Fixtures.text("corpus/Kotlin__kotlindl/_extracted/lenet.model_summary.txt"), r.out());
    }

    @Test
    void summaryPrintsKeras3() {
        CliRunner r = run("summary", Fixtures.corpus(LENET + "modelConfig.json").toString(), "--style", "keras3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃"), r.out());
        assertTrue(r.out().contains(" Total params: 844,326 (3.22 MB)"), r.out());
        CliRunner bad = run("summary", Fixtures.corpus(LENET + "modelConfig.json").toString(), "--style", "keras4");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("unknown summary style 'keras4'"), bad.err());
    }
}
