package io.kerasj.spark;

import org.apache.spark.ml.image.ImageSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** What an input column holds, told from its Spark type. */
enum InputKind {
    /** A struct of Spark's {@code image} data source (decoded pixels, BGR order). */
    IMAGE_STRUCT,
    /** Encoded image bytes (PNG, JPEG, BMP, GIF), e.g. the {@code content} of the {@code binaryFile} source. */
    ENCODED_IMAGE,
    /** One sample of the model input as a flat {@code array<float>} (or {@code array<double>}) in C order. */
    TENSOR;

    /**
     * @throws IllegalArgumentException for a type that is none of the three
     */
    static InputKind of(String column, DataType type) {
        if (type instanceof BinaryType) {
            return ENCODED_IMAGE;
        }
        if (type instanceof ArrayType a && (a.elementType() instanceof FloatType || a.elementType() instanceof DoubleType)) {
            return TENSOR;
        }
        if (type instanceof StructType s && hasImageFields(s)) {
            return IMAGE_STRUCT;
        }
        throw new IllegalArgumentException("input column '" + column + "' has type " + type.simpleString()
                + "; expected an image struct (spark.read.format(\"image\")), binary image bytes"
                + " (spark.read.format(\"binaryFile\"), column content) or array<float>");
    }

    private static boolean hasImageFields(StructType s) {
        for (StructField f : ImageSchema.columnSchema().fields()) {
            if (!java.util.Arrays.asList(s.fieldNames()).contains(f.name())) {
                return false;
            }
        }
        return true;
    }
}
