package io.kerasj.hostile.fuzz;

import io.kerasj.fixtures.Fixtures;
import io.kerasj.summary.SummaryParseException;
import io.kerasj.summary.SummaryParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Printed {@code model.summary()} text (Keras 1/2/3 tables, markdown, HTML) fed to {@link SummaryParser#parse(Path)}. */
final class SummaryFormat implements FuzzFormat {
    private static final List<String> SEEDS = List.of("summaries/keras1_seed000_functional.txt",
            "summaries/keras2_functional_branches.txt", "summaries/keras3_functional_branches.txt",
            "summaries/keras3_seed001_147_trained_ansi.txt", "summaries/markdown_seed000.md",
            "summaries/reflowed_seed004_blog.html", "seeds/001_59f6773c13431102.txt");

    private final List<String> seeds = new ArrayList<>();

    SummaryFormat() {
        SEEDS.forEach(s -> seeds.add(Fixtures.text(s)));
    }

    @Override
    public String name() {
        return "summary";
    }

    @Override
    public int ciIterations() {
        return 3000;
    }

    @Override
    public FuzzCase mutant(Mutator m, Path work) throws IOException {
        String s = seeds.get(m.random().nextInt(seeds.size()));
        return replay(m.mutateText(s).getBytes(StandardCharsets.UTF_8), work);
    }

    @Override
    public FuzzCase replay(byte[] saved, Path work) throws IOException {
        Path file = Files.write(work.resolve("summary.txt"), saved);
        return new FuzzCase("summary of " + saved.length + " bytes", saved, saved.length, () -> SummaryParser.parse(file));
    }

    @Override
    public boolean documented(Throwable t) {
        return t instanceof SummaryParseException;
    }

}
