package io.kerasj.layers;

import io.kerasj.ir.LayerSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Finds the {@link LayerType} for a Keras {@code class_name}. Built-in kinds are one table entry
 * each; extensions arrive through {@link ServiceLoader} and may override a built-in.
 */
public final class LayerRegistry {
    private static final LayerRegistry DEFAULT = withServiceLoader(builtins());

    private final Map<String, LayerType> types;

    private LayerRegistry(Map<String, LayerType> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    public static LayerRegistry defaults() {
        return DEFAULT;
    }

    public Optional<LayerType> find(String className) {
        return Optional.ofNullable(types.get(className));
    }

    public boolean supports(String className) {
        return types.containsKey(className);
    }

    /** Every supported {@code class_name}, sorted (for the README table and error messages). */
    public List<String> classNames() {
        return List.copyOf(new TreeSet<>(types.keySet()));
    }

    public LayerSpec parse(LayerConfig config) {
        LayerType t = types.get(config.className());
        if (t == null) {
            throw new ConfigException("layer class '" + config.className() + "' is not supported");
        }
        return t.parse(config);
    }

    private static List<LayerType> builtins() {
        return List.of(
                LayerType.of("InputLayer", InputLayerSpec::parse),
                LayerType.of(List.of("Conv2D", "Convolution2D"), Conv2DSpec::parse),
                LayerType.of("DepthwiseConv2D", DepthwiseConv2DSpec::parse),
                LayerType.of(List.of("SeparableConv2D", "SeparableConvolution2D"), SeparableConv2DSpec::parse),
                LayerType.of("MaxPooling2D", Pooling2DSpec::parseMax),
                LayerType.of("AveragePooling2D", Pooling2DSpec::parseAverage),
                LayerType.of("GlobalMaxPooling2D", GlobalPooling2DSpec::parseMax),
                LayerType.of("GlobalAveragePooling2D", GlobalPooling2DSpec::parseAverage),
                LayerType.of("Dense", DenseSpec::parse),
                LayerType.of("Dropout", DropoutSpec::parse),
                LayerType.of("SpatialDropout2D", DropoutSpec::parseSpatial),
                LayerType.of("Flatten", FlattenSpec::parse),
                LayerType.of("Reshape", ReshapeSpec::parse),
                LayerType.of("Permute", PermuteSpec::parse),
                LayerType.of("BatchNormalization", BatchNormalizationSpec::parse),
                LayerType.of("Activation", ActivationSpec::parseActivation),
                LayerType.of("ReLU", ActivationSpec::parseReLU),
                LayerType.of("LeakyReLU", ActivationSpec::parseLeakyReLU),
                LayerType.of("ELU", ActivationSpec::parseELU),
                LayerType.of("Softmax", ActivationSpec::parseSoftmax),
                LayerType.of("PReLU", PReLUSpec::parse),
                LayerType.of("ZeroPadding2D", Padding2DSpec::parsePadding),
                LayerType.of("Cropping2D", Padding2DSpec::parseCropping),
                LayerType.of("Rescaling", RescalingSpec::parse),
                MergeSpec.type("Add", MergeSpec.Op.ADD),
                MergeSpec.type("Subtract", MergeSpec.Op.SUBTRACT),
                MergeSpec.type("Multiply", MergeSpec.Op.MULTIPLY),
                MergeSpec.type("Average", MergeSpec.Op.AVERAGE),
                MergeSpec.type("Maximum", MergeSpec.Op.MAXIMUM),
                MergeSpec.type("Minimum", MergeSpec.Op.MINIMUM),
                LayerType.of("Concatenate", MergeSpec::parseConcatenate),
                LayerType.of("Lambda", LambdaSpec::parse),
                // issue 18, non-sequence layers
                LayerType.of(List.of("Conv1D", "Convolution1D", "AtrousConvolution1D"), ConvolutionSpec::parse1D),
                LayerType.of(List.of("Conv3D", "Convolution3D"), ConvolutionSpec::parse3D),
                LayerType.of(List.of("MaxPooling1D", "MaxPool1D"), PoolingNdSpec::parseMax1D),
                LayerType.of(List.of("AveragePooling1D", "AvgPool1D"), PoolingNdSpec::parseAverage1D),
                LayerType.of(List.of("MaxPooling3D", "MaxPool3D"), PoolingNdSpec::parseMax3D),
                LayerType.of(List.of("AveragePooling3D", "AvgPool3D"), PoolingNdSpec::parseAverage3D),
                GlobalPoolingNdSpec.type(List.of("GlobalMaxPooling1D", "GlobalMaxPool1D"), Pooling2DSpec.Kind.MAX, 1),
                GlobalPoolingNdSpec.type(List.of("GlobalAveragePooling1D", "GlobalAvgPool1D"), Pooling2DSpec.Kind.AVERAGE, 1),
                GlobalPoolingNdSpec.type(List.of("GlobalMaxPooling3D", "GlobalMaxPool3D"), Pooling2DSpec.Kind.MAX, 3),
                GlobalPoolingNdSpec.type(List.of("GlobalAveragePooling3D", "GlobalAvgPool3D"), Pooling2DSpec.Kind.AVERAGE, 3),
                LayerType.of("LayerNormalization", LayerNormalizationSpec::parse),
                LayerType.of("UpSampling1D", UpSamplingSpec::parse1D),
                LayerType.of("UpSampling2D", UpSamplingSpec::parse2D),
                LayerType.of("UpSampling3D", UpSamplingSpec::parse3D),
                LayerType.of("ZeroPadding1D", PaddingNdSpec::parsePadding1D),
                LayerType.of("ZeroPadding3D", PaddingNdSpec::parsePadding3D),
                LayerType.of("Cropping1D", PaddingNdSpec::parseCropping1D),
                LayerType.of("Cropping3D", PaddingNdSpec::parseCropping3D),
                LayerType.of("Merge", Keras1MergeSpec::parse),
                LayerType.of("Dot", DotSpec::parse),
                LayerType.of(List.of("SpatialDropout1D", "SpatialDropout3D"), DropoutSpec::parseSpatial),
                LayerType.of("GaussianNoise", NoiseSpec::parseGaussianNoise),
                LayerType.of("GaussianDropout", NoiseSpec::parseGaussianDropout),
                LayerType.of("AlphaDropout", NoiseSpec::parseAlphaDropout),
                LayerType.of("ActivityRegularization", ActivityRegularizationSpec::parse),
                LayerType.of("ThresholdedReLU", ThresholdedReLUSpec::parse),
                LayerType.of("Conv1DTranspose", ConvTransposeSpec::parse1D),
                LayerType.of(List.of("Conv2DTranspose", "Convolution2DTranspose"), ConvTransposeSpec::parse2D),
                LayerType.of("Conv3DTranspose", ConvTransposeSpec::parse3D),
                LayerType.of("SeparableConv1D", SeparableConv1DSpec::parseSeparable),
                LayerType.of("DepthwiseConv1D", SeparableConv1DSpec::parseDepthwise),
                LayerType.of("GroupNormalization", GroupNormalizationSpec::parse),
                LayerType.of("UnitNormalization", UnitNormalizationSpec::parse),
                LayerType.of("Normalization", NormalizationSpec::parse),
                LayerType.of("Resizing", ResizingSpec::parseResizing),
                LayerType.of("CenterCrop", ResizingSpec::parseCenterCrop),
                LayerType.of(AugmentationSpec.CLASS_NAMES, AugmentationSpec::parse));
    }

    private static LayerRegistry withServiceLoader(List<LayerType> builtins) {
        Map<String, LayerType> m = new LinkedHashMap<>();
        for (LayerType t : builtins) {
            t.classNames().forEach(n -> m.put(n, t));
        }
        for (LayerType t : ServiceLoader.load(LayerType.class)) {
            t.classNames().forEach(n -> m.put(n, t));
        }
        return new LayerRegistry(m);
    }
}
