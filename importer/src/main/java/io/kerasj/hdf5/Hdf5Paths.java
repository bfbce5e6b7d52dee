package io.kerasj.hdf5;

import io.jhdf.api.Group;
import io.jhdf.api.Link;
import io.jhdf.api.Node;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;

/**
 * Finds nodes in an HDF5 file without ever leaving it. jhdf follows links transparently, and an
 * external link makes it open whatever path the file names (issue 12: a kernel linked to another
 * file imported that file's values; a link to /etc/passwd opened it). Every lookup by kerasj's
 * readers goes through here: external links are refused before anything is opened, soft links
 * are followed by our own path walk inside the same file (so a soft link through an external
 * link is refused too), at most {@value #MAX_SOFT_LINK_HOPS} hops deep.
 */
public final class Hdf5Paths {
    public static final int MAX_SOFT_LINK_HOPS = 8;

    private Hdf5Paths() {
    }

    /** The child {@code name} of {@code g} with soft links resolved inside the file, or {@code null}. */
    public static Node child(Group g, String name) {
        return resolve(g, name, 0);
    }

    /**
     * The node at a '/'-separated path relative to {@code from} (how Keras names weights inside a
     * layer group), or {@code null} when a part is missing or not a group.
     */
    public static Node resolve(Group from, String path) {
        return resolve(from, path, 0);
    }

    private static Node resolve(Group from, String path, int hops) {
        Node cur = from;
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (!(cur instanceof Group g)) {
                return null;
            }
            Node n = g.getChildren().get(part);
            if (n == null) {
                return null;
            }
            cur = unlink(n, hops);
        }
        return cur;
    }

    private static Node unlink(Node n, int hops) {
        if (!n.isLink()) {
            return n;
        }
        if (n instanceof ExternalLink e) {
            throw new Hdf5FormatException("'" + n.getPath() + "' is an HDF5 external link to '" + e.getTargetPath()
                    + "'; kerasj never follows links out of the file it was given");
        }
        if (!(n instanceof SoftLink s)) {
            throw new Hdf5FormatException("'" + n.getPath() + "' is an HDF5 link of an unsupported kind ("
                    + n.getClass().getSimpleName() + ")");
        }
        if (hops >= MAX_SOFT_LINK_HOPS) {
            throw new Hdf5FormatException("'" + n.getPath() + "' is a soft link more than " + MAX_SOFT_LINK_HOPS
                    + " hops deep (a cycle?)");
        }
        String target = ((Link) s).getTargetPath();
        Group start = target.startsWith("/") ? s.getParent().getHdfFile() : s.getParent();
        Node t = resolve(start, target, hops + 1);
        if (t == null) {
            throw new Hdf5FormatException("'" + n.getPath() + "' is a soft link to '" + target + "', which the file does not hold");
        }
        return t;
    }
}
