package io.kerasj.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kerasj.config.ModelConfigParser;
import io.kerasj.ir.KerasImportException;
import io.kerasj.ir.KerasModel;
import io.kerasj.ir.SourceInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Config parsing (Keras 1, 2 and 3 spellings), output shapes and parameter counts of the issue-18
 * layers, each against the value Keras' own formulas give (conv_output_length, kernel and bias
 * sizes), and the refusals with their reasons.
 */
class BreadthLayerConfigsTest {

    private static KerasModel single(String version, String inputShape, String cls, String cfg) {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_input_shape\": [null, " + inputShape + "]}},"
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"l\"" + (cfg.isEmpty() ? "" : ", " + cfg) + "}}]}}";
        return ModelConfigParser.parse(json, null, new SourceInfo("json", version, "tensorflow", null));
    }

    @ParameterizedTest(name = "{2} {3} on {1}")
    @CsvSource(delimiter = '|', value = {
        "2.3.1|20, 3|Conv1D|\"filters\": 8, \"kernel_size\": [5], \"strides\": [2], \"padding\": \"valid\"|(None, 8, 8)|128",
        "1.2.2|10, 2|Convolution1D|\"nb_filter\": 4, \"filter_length\": 3, \"border_mode\": \"same\", \"subsample_length\": 1|(None, 10, 4)|28",
        "1.2.2|10, 2|AtrousConvolution1D|\"nb_filter\": 2, \"filter_length\": 3, \"atrous_rate\": 2, \"border_mode\": \"valid\"|(None, 6, 2)|14",
        "2.9.0|7, 1|Conv1D|\"filters\": 2, \"kernel_size\": 3, \"dilation_rate\": 4, \"padding\": \"causal\"|(None, 7, 2)|8",
        "2.9.0|3, 16|Conv1D|\"filters\": 6, \"kernel_size\": 2, \"strides\": 3, \"padding\": \"same\", \"data_format\": \"channels_first\", \"groups\": 3, \"use_bias\": false|(None, 6, 6)|12",
        "2.9.0|9, 8, 7, 2|Conv3D|\"filters\": 4, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\"|(None, 5, 4, 4, 4)|220",
        "1.2.2|2, 6, 6, 6|Convolution3D|\"nb_filter\": 3, \"kernel_dim1\": 2, \"kernel_dim2\": 2, \"kernel_dim3\": 2, \"dim_ordering\": \"th\"|(None, 3, 5, 5, 5)|51",
        "1.2.2|10, 4|MaxPooling1D|\"pool_length\": 3, \"stride\": null, \"border_mode\": \"valid\"|(None, 3, 4)|0",
        "2.9.0|10, 4|AveragePooling1D|\"pool_size\": 4, \"strides\": 2, \"padding\": \"same\"|(None, 5, 4)|0",
        "3.3.3|5, 5, 5, 3|AveragePooling3D|\"pool_size\": [2, 2, 2], \"padding\": \"valid\"|(None, 2, 2, 2, 3)|0",
        "2.9.0|3, 7, 7, 7|MaxPool3D|\"pool_size\": 3, \"strides\": 2, \"padding\": \"same\", \"data_format\": \"channels_first\"|(None, 3, 4, 4, 4)|0",
        "2.0.6|400, 50|GlobalAveragePooling1D||(None, 50)|0",
        "2.9.0|4, 9|GlobalMaxPooling1D|\"keepdims\": true, \"data_format\": \"channels_first\"|(None, 4, 1)|0",
        "3.3.3|3, 4, 5, 6|GlobalAveragePooling3D|\"keepdims\": true|(None, 1, 1, 1, 6)|0",
        "2.9.0|10, 16|LayerNormalization|\"axis\": -1|(None, 10, 16)|32",
        "3.3.3|4, 5|LayerNormalization|\"axis\": [1, 2], \"center\": false, \"rms_scaling\": false|(None, 4, 5)|20",
        "2.9.0|7, 7, 3|UpSampling2D|\"size\": [2, 2], \"interpolation\": \"bilinear\"|(None, 14, 14, 3)|0",
        "1.2.2|3, 4, 5|UpSampling2D|\"size\": [2, 3], \"dim_ordering\": \"th\"|(None, 3, 8, 15)|0",
        "1.2.2|6, 2|UpSampling1D|\"length\": 3|(None, 18, 2)|0",
        "2.9.0|2, 2, 2, 1|UpSampling3D|\"size\": 2|(None, 4, 4, 4, 1)|0",
        "2.9.0|5, 3|ZeroPadding1D|\"padding\": 2|(None, 9, 3)|0",
        "2.9.0|10, 3|Cropping1D|\"cropping\": [1, 2]|(None, 7, 3)|0",
        "2.9.0|2, 2, 2, 1|ZeroPadding3D|\"padding\": 1|(None, 4, 4, 4, 1)|0",
        "2.9.0|5, 5, 5, 2|Cropping3D|\"cropping\": [[1, 1], [0, 0], [2, 0]]|(None, 3, 5, 3, 2)|0",
        "1.2.2|6, 4|GaussianNoise|\"sigma\": 0.1|(None, 6, 4)|0",
        "1.2.2|6, 4|GaussianDropout|\"p\": 0.1|(None, 6, 4)|0",
        "2.9.0|6, 4|AlphaDropout|\"rate\": 0.1|(None, 6, 4)|0",
        "2.9.0|6, 4|SpatialDropout1D|\"rate\": 0.1|(None, 6, 4)|0",
        "2.9.0|2, 3, 4, 5|SpatialDropout3D|\"rate\": 0.1, \"data_format\": \"channels_first\"|(None, 2, 3, 4, 5)|0",
        "2.9.0|6|ActivityRegularization|\"l1\": 0.01, \"l2\": 0.0|(None, 6)|0",
        "2.3.1|6|ThresholdedReLU|\"theta\": 0.7|(None, 6)|0"})
    void shapeAndParams(String version, String input, String cls, String cfg, String shape, long params) {
        KerasModel m = single(version, input, cls, cfg == null ? "" : cfg);
        assertEquals(shape, m.layer("l").outputShape().toString());
        assertEquals(params, m.layer("l").params());
        assertEquals(params, m.totalParams());
    }

    @ParameterizedTest(name = "{1}: {3}")
    @CsvSource(delimiter = '|', value = {
        "10, 3|Conv1D|\"filters\": 2, \"kernel_size\": 3, \"padding\": \"full\"|padding 'full' is not supported",
        "4, 3, 3|Conv3D|\"filters\": 2, \"kernel_size\": 3, \"padding\": \"causal\"|padding 'causal' is not supported",
        "10, 3|Conv1D|\"filters\": 4, \"kernel_size\": 3, \"strides\": 2, \"dilation_rate\": 2|strides > 1 together with dilation_rate > 1",
        "10, 3|LayerNormalization|\"rms_scaling\": true|rms_scaling=true is not supported",
        "4, 4, 3|UpSampling2D|\"interpolation\": \"bicubic\"|interpolation 'bicubic' is not supported",
        "10, 3|GaussianDropout|\"rate\": 1.0|rate must be in [0, 1)",
        "10, 3|Merge|\"mode\": [\"code\", null, null], \"mode_type\": \"lambda\"|a Python function as merge mode is not supported",
        "10|Conv1D|\"filters\": 2, \"kernel_size\": 3|expects a rank-3 input",
        "2, 3|Conv1D|\"filters\": 2, \"kernel_size\": 3|does not fit a dimension of 2"})
    void refusalsSayWhy(String input, String cls, String cfg, String reason) {
        KerasImportException e = assertThrows(KerasImportException.class, () -> single("2.9.0", input, cls, cfg));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals("l", e.problems().get(0).layer());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"sum|(None, 5)", "ave|(None, 5)", "concat|(None, 10)", "dot|(None, 1)", "cos|(None, 1)"})
    void keras1MergeShapes(String mode, String shape) {
        String json = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"batch_input_shape\": [null, 5]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"InputLayer\", \"name\": \"b\", \"config\": {\"name\": \"b\", \"batch_input_shape\": [null, 5]}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Merge\", \"name\": \"m\", \"config\": {\"name\": \"m\", \"mode\": \"" + mode + "\", \"concat_axis\": -1, \"dot_axes\": -1},"
                + " \"inbound_nodes\": [[[\"a\", 0, 0], [\"b\", 0, 0]]]}],"
                + " \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": [[\"m\", 0, 0]]}}";
        KerasModel m = ModelConfigParser.parse(json, null, new SourceInfo("json", "1.2.2", null, null));
        assertEquals(shape, m.layer("m").outputShape().toString());
    }

    @ParameterizedTest
    @CsvSource({"Conv1D", "Conv3D", "Convolution1D", "AtrousConvolution1D", "Convolution3D", "MaxPooling1D", "AvgPool1D",
        "MaxPooling3D", "AveragePooling3D", "GlobalAveragePooling1D", "GlobalMaxPool3D", "LayerNormalization", "UpSampling1D",
        "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding3D", "Cropping1D", "Cropping3D", "Merge", "Dot",
        "SpatialDropout1D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization",
        "ThresholdedReLU"})
    void listedAsSupported(String cls) {
        assertTrue(LayerRegistry.defaults().classNames().contains(cls));
    }
}
