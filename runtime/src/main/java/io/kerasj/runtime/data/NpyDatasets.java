package io.kerasj.runtime.data;

import io.kerasj.ir.FloatTensor;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.Shape;
import io.kerasj.runtime.parity.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Training data as NumPy arrays: samples {@code (N, ...)} in the model's sample shape (a
 * {@code (N, H, W)} array feeds an {@code (H, W, 1)} input), labels {@code (N,)} class ids or
 * {@code (N, K)} one-hot rows. Any float or integer dtype; values are used as stored, times
 * {@code scale}. Labels are found beside the samples by the usual names ({@code x_train.npy} →
 * {@code y_train.npy}, {@code images.npy} → {@code labels.npy}) or given.
 */
public final class NpyDatasets {
    private NpyDatasets() {
    }

    public static FloatDataset load(Path samples, Path labels, Shape target, float scale, int limit) {
        Path labelPath = labels != null ? labels : findLabels(samples).orElseThrow(() -> new DataFormatException(samples,
                "no labels array beside it (looked for " + String.join(", ", labelCandidates(samples).stream()
                        .map(p -> p.getFileName().toString()).toList()) + "): name the labels like one of these or give"
                        + " them with --train-labels / --val-labels ((N,) class ids or (N, K) one-hot rows)"));
        FloatTensor x = read(samples);
        FloatTensor y = read(labelPath);
        int n = x.shape().dim(0);
        if (x.shape().rank() < 1 || y.shape().rank() < 1 || y.shape().dim(0) != n) {
            throw new DataFormatException(labelPath, "labels of shape " + y.shape() + " do not match " + n
                    + " samples in " + samples);
        }
        int[] feature = x.shape().featureDims();
        boolean same = Arrays.equals(feature, target.dims());
        boolean greyAddsAxis = feature.length == 2 && target.rank() == 3 && target.dim(2) == 1
                && feature[0] == target.dim(0) && feature[1] == target.dim(1);
        if (!same && !greyAddsAxis) {
            throw new DataFormatException(samples, "samples have shape " + Shape.of(feature) + " but the model input"
                    + " takes " + target);
        }
        int keep = Math.min(limit, n);
        int size = Math.toIntExact(target.size());
        float[] values = x.toArray();
        if (keep < n || scale != 1f) {
            values = Arrays.copyOf(values, keep * size);
            if (scale != 1f) {
                for (int i = 0; i < values.length; i++) {
                    values[i] *= scale;
                }
            }
        }
        int[] classes = labels(labelPath, y, keep);
        int max = Arrays.stream(classes).max().orElse(0);
        return new FloatDataset(values, target, classes, max + 1, samples.getFileName().toString());
    }

    private static int[] labels(Path file, FloatTensor y, int keep) {
        int[] out = new int[keep];
        if (y.shape().rank() == 1 || (y.shape().rank() == 2 && y.shape().dim(1) == 1)) {
            for (int i = 0; i < keep; i++) {
                float v = y.get(i);
                if (v < 0 || v != Math.rint(v) || v > 1 << 20) {
                    throw new DataFormatException(file, "label " + v + " at index " + i + " is not a class id"
                            + " (a non-negative integer)");
                }
                out[i] = (int) v;
            }
            return out;
        }
        if (y.shape().rank() == 2) {
            int k = y.shape().dim(1);
            for (int i = 0; i < keep; i++) {
                int best = 0;
                for (int c = 1; c < k; c++) {
                    if (y.get(i * k + c) > y.get(i * k + best)) {
                        best = c;
                    }
                }
                out[i] = best;
            }
            return out;
        }
        throw new DataFormatException(file, "labels must be (N,) class ids or (N, K) one-hot rows, got " + y.shape());
    }

    private static FloatTensor read(Path file) {
        try {
            return Npy.read(file);
        } catch (KerasImportException e) {
            throw new DataFormatException(file, e.problems().get(0).message(), e);
        }
    }

    public static Optional<Path> findLabels(Path samples) {
        return labelCandidates(samples).stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * Where the labels of {@code samples} may be, in order: the name with its {@code x}/{@code X}
     * token (delimited by {@code _ - .} or the ends) turned into {@code y}/{@code Y}
     * ({@code x_train.npy}, {@code train_x.npy}, {@code X-val.npy}), {@code images}, {@code inputs},
     * {@code samples} or {@code features} turned into {@code labels}, then {@code NAME_labels.npy}
     * and {@code NAME_y.npy}.
     */
    static List<Path> labelCandidates(Path samples) {
        String name = samples.getFileName().toString();
        Path dir = samples.toAbsolutePath().getParent();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        String[] tokens = stem.split("(?<=[_.-])|(?=[_.-])");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            List<String> replacements = switch (t) {
                case "x" -> List.of("y");
                case "X" -> List.of("y", "Y");
                case "images", "inputs", "samples", "features" -> List.of("labels");
                default -> List.of();
            };
            for (String r : replacements) {
                String[] copy = tokens.clone();
                copy[i] = r;
                names.add(String.join("", copy) + ext);
            }
        }
        if (stem.startsWith("x") || stem.startsWith("X")) {
            names.add("y" + stem.substring(1) + ext);
        }
        names.add(stem + "_labels" + ext);
        names.add(stem + "_y" + ext);
        names.remove(name);
        return names.stream().map(dir::resolve).toList();
    }
}
