package io.kerasj.runtime.graph;

/**
 * Chooses, per model compile, between TensorFlow's grouped Conv2D kernel and one convolution per
 * group joined by concat ({@link ConvolutionLowering#groupedBySplit}), from what the loaded kernels
 * accept ({@link KernelSupport}) rather than from the CPU model.
 *
 * <p>AUTO's rule and the measurements behind it (seed002's two-tower AlexNet, three grouped
 * layers, GroupedConvComparison: alternating runs in one JVM, medians, native/split time):
 * <ul>
 * <li>oneDNN path (TF_ENABLE_ONEDNN_OPTS=1; the default on CPUs with AVX-512 VNNI/BF16/AMX): the
 *     grouped kernel runs fused and has gradients. Native/split 0.98 at batch 1 and 0.96 at
 *     batch 32 (40 runs each; an earlier run: 1.02 / 0.96). Native: never slower beyond noise and
 *     one op per layer instead of 2g+1.</li>
 * <li>TensorFlow's own (Eigen) path (TF_ENABLE_ONEDNN_OPTS=0; the default on AVX2-only x86 and on
 *     arm64): the remapper fuses Conv2D+BiasAdd(+activation) and Conv2D+FusedBatchNorm into
 *     {@code _FusedConv2D}, which refuses groups, and the Conv2D gradients refuse them too. A native
 *     form that dodges the fusion (bias as a plain Add) ran 1.04× the split time at batch 1 and
 *     1.00× at batch 32, and still could not train. Split.</li>
 * </ul>
 * Measured on a 2-core Xeon with AVX-512, outputs bit-identical in every case. So AUTO takes the
 * native kernel exactly where the probe shows it runs (inference: the fusions; training: the
 * gradients) and the split form everywhere else.
 */
final class GroupedConvStrategy {
    private GroupedConvStrategy() {
    }

    /**
     * True to lower a grouped Conv2D with TF's grouped kernel, false for the split form.
     *
     * @throws LoweringException when NATIVE is requested on a kernel path that cannot run it
     */
    static boolean nativeKernel(LoweringOptions options, String layer) {
        KernelSupport k = KernelSupport.probe();
        boolean runs = options.training() ? k.groupedConvGradient() : k.fusedGroupedConv();
        switch (options.groupedConv()) {
            case SPLIT:
                return false;
            case NATIVE:
                if (!runs) {
                    throw new LoweringException("grouped Conv2D '" + layer + "' cannot use TensorFlow's grouped kernel on"
                            + " this CPU path (" + k.cpuPath() + ": " + (options.training()
                            ? "no gradient for grouped convolutions" : "the optimiser fuses it into kernels without groups")
                            + "); use GroupedConv.AUTO or SPLIT");
                }
                return true;
            default:
                return runs;
        }
    }
}
