package io.kerasj.spark;

/** Indices of the largest scores, largest first; equal scores keep the lower index first. */
final class TopK {
    private TopK() {
    }

    static int[] indices(float[] scores, int k) {
        int n = Math.min(k, scores.length);
        int[] top = new int[n];
        int size = 0;
        for (int i = 0; i < scores.length; i++) {
            // insertion into the short sorted list: k is small (a handful of classes)
            int pos = size;
            while (pos > 0 && scores[i] > scores[top[pos - 1]]) {
                pos--;
            }
            if (pos < n) {
                System.arraycopy(top, pos, top, pos + 1, Math.min(size, n - 1) - pos);
                top[pos] = i;
                size = Math.min(size + 1, n);
            }
        }
        return top;
    }
}
