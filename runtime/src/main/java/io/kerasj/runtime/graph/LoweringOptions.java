package io.kerasj.runtime.graph;

/**
 * How to lower a model: the grouped-convolution strategy, the Keras major version whose
 * activation definitions apply (0 = unknown, treated as Keras 2), and whether the graph can also
 * train ({@code trainingSeed} non-null: Dropout and BatchNormalization follow a training flag,
 * see {@link TrainingMode}).
 */
public record LoweringOptions(GroupedConv groupedConv, int kerasMajor, Long trainingSeed) {

    public LoweringOptions(GroupedConv groupedConv, int kerasMajor) {
        this(groupedConv, kerasMajor, null);
    }

    /**
     * Grouped Conv2D: AUTO (default) picks per TensorFlow kernel path what runs there and is not
     * slower (see ConvolutionLowering for the rule and its measurements); NATIVE is TF's grouped
     * Conv2D kernel, SPLIT one convolution per group joined by concat. All give the same results.
     */
    public enum GroupedConv { AUTO, NATIVE, SPLIT }

    public static LoweringOptions defaults() {
        return new LoweringOptions(GroupedConv.AUTO, 0);
    }

    /** True when the graph is built for training as well as inference. */
    public boolean training() {
        return trainingSeed != null;
    }

    public LoweringOptions withGroupedConv(GroupedConv g) {
        return new LoweringOptions(g, kerasMajor, trainingSeed);
    }

    public LoweringOptions withKerasMajor(int major) {
        return new LoweringOptions(groupedConv, major, trainingSeed);
    }

    /** A graph that can also train, its Dropout masks drawn from {@code seed}. */
    public LoweringOptions withTraining(long seed) {
        return new LoweringOptions(groupedConv, kerasMajor, seed);
    }
}
