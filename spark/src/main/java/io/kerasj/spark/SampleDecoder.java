package io.kerasj.spark;

import io.kerasj.ir.Shape;
import io.kerasj.runtime.data.ImageSamples;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one row's input value into one sample of the model's input, written at its place in a
 * batch array. Images go through {@link ImageSamples}, exactly as {@code kerasj predict --image};
 * tensors must hold exactly one sample's values.
 *
 * <p>It reads Spark's internal rows: an {@code array<float>} column is then copied straight from
 * Spark's own buffer into the batch, where an external {@code Row} would box every value (a
 * 227×227×3 sample is 154,587 of them) on the way in and again on the way out.
 */
final class SampleDecoder {
    private final InputKind kind;
    private final ImageSamples images;
    private final Shape batchOfOne;
    private final int sampleSize;
    /** Only for {@link InputKind#TENSOR}. */
    private final boolean doubles;
    private final boolean mayHoldNulls;
    /** Only for {@link InputKind#IMAGE_STRUCT}: where the image source's fields are in the struct. */
    private final ImageFields imageFields;

    private SampleDecoder(InputKind kind, ImageSamples images, Shape batchOfOne, int sampleSize, DataType inputType) {
        this.kind = kind;
        this.images = images;
        this.batchOfOne = batchOfOne;
        this.sampleSize = sampleSize;
        ArrayType array = inputType instanceof ArrayType a ? a : null;
        this.doubles = array != null && array.elementType() instanceof DoubleType;
        this.mayHoldNulls = array != null && array.containsNull();
        this.imageFields = inputType instanceof StructType s && kind == InputKind.IMAGE_STRUCT ? new ImageFields(s) : null;
    }

    /**
     * @param inputType the Spark type of the input column
     * @param modelInput the model's input shape, batch first
     * @throws IllegalArgumentException when the model cannot take this kind of input
     */
    static SampleDecoder of(InputKind kind, DataType inputType, Shape modelInput, double imageScale) {
        if (kind != InputKind.TENSOR) {
            ImageSamples images = ImageSamples.forInput(modelInput, imageScale);
            return new SampleDecoder(kind, images, images.batchShape(1), images.sampleSize(), inputType);
        }
        int[] dims = modelInput.dims().clone();
        dims[0] = 1;
        Shape one = Shape.of(dims);
        if (!one.isFullyKnown()) {
            throw new IllegalArgumentException("tensor input needs a model input of fixed size; this one takes " + modelInput);
        }
        return new SampleDecoder(kind, null, one, Math.toIntExact(one.size()), inputType);
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
    void decode(InternalRow row, int column, float[] batch, int index) {
        if (row.isNullAt(column)) {
            throw new IllegalArgumentException("the input is null");
        }
        switch (kind) {
            case IMAGE_STRUCT -> images.write(imageFields.toImage(row.getStruct(column, imageFields.count)), batch, index);
            case ENCODED_IMAGE -> images.write(ImageSamples.decode(row.getBinary(column)), batch, index);
            case TENSOR -> copyTensor(row.getArray(column), batch, index * sampleSize);
        }
    }

    /** The {@code origin} of an image struct input (for messages), or null for other inputs. */
    String origin(InternalRow row, int column) {
        if (imageFields == null || row.isNullAt(column)) {
            return null;
        }
        InternalRow image = row.getStruct(column, imageFields.count);
        return image.isNullAt(imageFields.origin) ? null : image.getUTF8String(imageFields.origin).toString();
    }

    private void copyTensor(ArrayData values, float[] batch, int base) {
        int length = values.numElements();
        if (length != sampleSize) {
            throw new IllegalArgumentException("the tensor has " + length + " values; the model input " + batchOfOne
                    + " needs " + sampleSize);
        }
        if (mayHoldNulls) {
            for (int i = 0; i < length; i++) {
                if (values.isNullAt(i)) {
                    throw new IllegalArgumentException("the tensor has a null at index " + i);
                }
            }
        }
        if (doubles) {
            for (int i = 0; i < length; i++) {
                batch[base + i] = (float) values.getDouble(i);
            }
        } else {
            // one bulk copy out of Spark's buffer (UnsafeArrayData copies its memory), then into the batch
            System.arraycopy(values.toFloatArray(), 0, batch, base, length);
        }
    }

    /** Field positions of an image source struct, looked up by name once. */
    private static final class ImageFields {
        final int count;
        final int origin;
        final int height;
        final int width;
        final int nChannels;
        final int data;

        ImageFields(StructType struct) {
            count = struct.size();
            origin = struct.fieldIndex("origin");
            height = struct.fieldIndex("height");
            width = struct.fieldIndex("width");
            nChannels = struct.fieldIndex("nChannels");
            data = struct.fieldIndex("data");
        }

        java.awt.image.BufferedImage toImage(InternalRow image) {
            String from = image.isNullAt(origin) ? null : image.getUTF8String(origin).toString();
            if (image.isNullAt(data) || image.isNullAt(height) || image.isNullAt(width) || image.isNullAt(nChannels)) {
                throw new IllegalArgumentException("Spark's image source could not decode " + from);
            }
            return SparkImages.toImage(image.getInt(height), image.getInt(width), image.getInt(nChannels), image.getBinary(data), from);
        }
    }
}
