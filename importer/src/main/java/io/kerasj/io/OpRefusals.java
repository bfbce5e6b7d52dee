package io.kerasj.io;

import io.kerasj.ir.ImportProblem;
import io.kerasj.ir.KerasImportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ops of one model graph that may not run, collected so that the user sees all of them at
 * once, then thrown as one {@link KerasImportException} naming each op and node.
 */
public final class OpRefusals {
    /** More than this many findings are summarised: a hostile graph may have millions of nodes. */
    private static final int MAX_LISTED = 50;

    private final Set<String> messages = new LinkedHashSet<>();
    private int total;

    /** Records that op {@code op} at node {@code node} ({@code where}: "graph", "function f") may not run. */
    public void refuse(String op, String node, String where, String why) {
        String m = "op '" + op + "' (node '" + node + "' in " + where + "): " + why;
        if (messages.size() < MAX_LISTED) {
            if (messages.add(m)) {
                total++;
            }
        } else if (!messages.contains(m)) {
            total++;
        }
    }

    public boolean isEmpty() {
        return messages.isEmpty();
    }

    /**
     * Throws when anything was refused. {@code optOut} tells the user how to run the file anyway
     * if they trust it (e.g. "--trust-model-code").
     */
    public void throwIfAny(Path source, String what, String optOut) {
        if (messages.isEmpty()) {
            return;
        }
        List<ImportProblem> problems = new ArrayList<>();
        problems.add(new ImportProblem(null, "refusing to run " + what + " as-is: its graph holds ops that could read or "
                + "write files, reach the network or run code outside the model (a model file is data); if you trust "
                + "this file, " + optOut));
        for (String m : messages) {
            problems.add(new ImportProblem(null, m));
        }
        if (total > messages.size()) {
            problems.add(new ImportProblem(null, "... and " + (total - messages.size()) + " more refused ops"));
        }
        throw new KerasImportException(source, problems);
    }
}
