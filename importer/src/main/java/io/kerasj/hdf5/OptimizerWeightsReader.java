package io.kerasj.hdf5;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.kerasj.ir.OptimizerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras' {@code load_optimizer_weights_from_hdf5_group} for tf.keras 2.x files: the
 * {@code optimizer_weights} group lists its datasets in {@code weight_names}; the one named
 * {@code <optimizer>/iter:0} is the step counter, the others are slot variables in order.
 */
final class OptimizerWeightsReader {
    private final Hdf5Access access;

    OptimizerWeightsReader(Hdf5Access access) {
        this.access = access;
    }

    /** The optimizer state of a full-model file, or null when it was saved without one. */
    OptimizerState read(Node root, String trainingConfig) {
        Node node = root instanceof Group g ? g.getChild("optimizer_weights") : null;
        if (node == null) {
            return null;
        }
        if (!(node instanceof Group group)) {
            throw new Hdf5FormatException("optimizer_weights is not a group");
        }
        List<String> names = Hdf5Access.stringListAttribute(group, "weight_names");
        String iterName = null;
        for (String n : names) {
            if (n.endsWith("/iter:0")) {
                iterName = n;
                break;
            }
        }
        if (iterName == null) {
            throw new Hdf5FormatException("optimizer_weights has no '<optimizer>/iter:0' step counter (weight_names "
                    + names.subList(0, Math.min(3, names.size())) + "...): an optimizer layout older than tf.keras 2.x, "
                    + "which cannot be resumed");
        }
        long iterations = Hdf5Access.readScalarLong(dataset(group, iterName));
        List<OptimizerState.Slot> slots = new ArrayList<>();
        for (String n : names) {
            if (!n.equals(iterName)) {
                slots.add(new OptimizerState.Slot(n, access.readFloats(dataset(group, n))));
            }
        }
        String optimizer = iterName.substring(0, iterName.length() - "/iter:0".length());
        return new OptimizerState(optimizer, iterations, slots, trainingConfig);
    }

    private static Dataset dataset(Group group, String name) {
        Node n;
        try {
            n = group.getByPath(name);
        } catch (HdfInvalidPathException e) {
            n = null;
        }
        if (!(n instanceof Dataset ds)) {
            throw new Hdf5FormatException("optimizer_weights lists '" + name + "' but holds no such dataset");
        }
        return ds;
    }
}
