package io.kerasj.spark;

import io.kerasj.ir.Shape;
import io.kerasj.runtime.data.ImageSamples;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Turns one row's input value into one sample of the model's input, written at its place in a
 * batch array. Images go through {@link ImageSamples}, exactly as {@code kerasj predict --image};
 * tensors must hold exactly one sample's values.
 */
final class SampleDecoder {
    private final InputKind kind;
    private final ImageSamples images;
    private final Shape batchOfOne;
    private final int sampleSize;

    private SampleDecoder(InputKind kind, ImageSamples images, Shape batchOfOne, int sampleSize) {
        this.kind = kind;
        this.images = images;
        this.batchOfOne = batchOfOne;
        this.sampleSize = sampleSize;
    }

    /**
     * @param modelInput the model's input shape, batch first
     * @throws IllegalArgumentException when the model cannot take this kind of input
     */
    static SampleDecoder of(InputKind kind, Shape modelInput, double imageScale) {
        if (kind != InputKind.TENSOR) {
            ImageSamples images = ImageSamples.forInput(modelInput, imageScale);
            return new SampleDecoder(kind, images, images.batchShape(1), images.sampleSize());
        }
        int[] dims = modelInput.dims().clone();
        dims[0] = 1;
        Shape one = Shape.of(dims);
        if (!one.isFullyKnown()) {
            throw new IllegalArgumentException("tensor input needs a model input of fixed size; this one takes " + modelInput);
        }
        return new SampleDecoder(kind, null, one, Math.toIntExact(one.size()));
    }

    int sampleSize() {
        return sampleSize;
    }

    /** The shape of a batch of {@code n} samples. */
    Shape batchShape(int n) {
        int[] dims = batchOfOne.dims().clone();
        dims[0] = n;
        return Shape.of(dims);
    }

    /**
     * Writes the value of {@code row}'s column {@code column} as sample {@code index} of {@code batch}.
     *
     * @throws IllegalArgumentException when the value is not a usable sample (the row's error)
     */
    void decode(Row row, int column, float[] batch, int index) {
        if (row.isNullAt(column)) {
            throw new IllegalArgumentException("the input is null");
        }
        switch (kind) {
            case IMAGE_STRUCT -> images.write(SparkImages.toImage(row.getStruct(column)), batch, index);
            case ENCODED_IMAGE -> images.write(ImageSamples.decode((byte[]) row.get(column)), batch, index);
            case TENSOR -> copyTensor(row.getList(column), batch, index);
        }
    }

    private void copyTensor(List<Object> values, float[] batch, int index) {
        checkLength(values.size());
        int base = index * sampleSize;
        for (int i = 0; i < sampleSize; i++) {
            Object v = values.get(i);
            if (v == null) {
                throw new IllegalArgumentException("the tensor has a null at index " + i);
            }
            batch[base + i] = ((Number) v).floatValue();
        }
    }

    private void checkLength(int length) {
        if (length != sampleSize) {
            throw new IllegalArgumentException("the tensor has " + length + " values; the model input " + batchOfOne
                    + " needs " + sampleSize);
        }
    }
}
