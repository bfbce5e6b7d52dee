package io.kerasj.runtime.train;

/**
 * Recognises a collapsed run: the training loss stays within 1% of ln(K) — what a network that
 * outputs the uniform distribution scores — while accuracy stays at chance (no better than
 * always answering the most frequent class, plus two points) for {@code epochs} epochs in a row.
 */
public final class CollapseDetector {
    /** Relative distance to ln(K) that counts as "at ln(K)". */
    public static final double LOSS_TOLERANCE = 0.01;
    /** Accuracy above chance that still counts as chance. */
    public static final double ACCURACY_MARGIN = 0.02;

    private final int numClasses;
    private final double chance;
    private final int epochs;
    private int streak;

    /**
     * @param chance accuracy of always predicting the most frequent training class
     * @param epochs consecutive epochs required (2 by default)
     */
    public CollapseDetector(int numClasses, double chance, int epochs) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("collapse detection needs at least 2 classes");
        }
        this.numClasses = numClasses;
        this.chance = chance;
        this.epochs = epochs;
    }

    public double lnK() {
        return Math.log(numClasses);
    }

    public double chance() {
        return chance;
    }

    /** Whether one epoch's loss and accuracy look collapsed. */
    public boolean looksCollapsed(double loss, double accuracy) {
        return Math.abs(loss - lnK()) <= LOSS_TOLERANCE * lnK() && accuracy <= chance + ACCURACY_MARGIN;
    }

    /** Consecutive collapsed-looking epochs so far (saved in checkpoints). */
    public int streak() {
        return streak;
    }

    /** Continues a streak counted before a restart. */
    void restoreStreak(int epochsInARow) {
        this.streak = epochsInARow;
    }

    /** Records an epoch; true once {@code epochs} consecutive epochs looked collapsed. */
    public boolean record(double loss, double accuracy) {
        streak = looksCollapsed(loss, accuracy) ? streak + 1 : 0;
        return streak >= epochs;
    }
}
