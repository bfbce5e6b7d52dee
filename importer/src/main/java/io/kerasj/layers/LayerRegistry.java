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
 * Finds the {@link LayerType} for a Keras {@code class_name} or any of its aliases. Built-in kinds
 * are one entry each below; extensions arrive through {@link ServiceLoader} and may override a
 * built-in. The engine halves of a kind are found by its spec class ({@link LayerBackends}).
 */
public final class LayerRegistry {
    private static final LayerRegistry DEFAULT = withServiceLoader(builtins());

    private final Map<String, LayerType<?>> types;

    private LayerRegistry(Map<String, LayerType<?>> types) {
        this.types = Collections.unmodifiableMap(types);
    }

    /**
     * The built-in and plugged-in kinds, plus the custom-layer mappings in effect on this thread
     * ({@link CustomLayers#apply}).
     */
    public static LayerRegistry defaults() {
        return CustomLayers.current().map(DEFAULT::with).orElse(DEFAULT);
    }

    /** The built-in and plugged-in kinds only. */
    static LayerRegistry builtinsOnly() {
        return DEFAULT;
    }

    /** This registry with {@code custom}'s mapped classes added (replacing kinds of the same class name). */
    LayerRegistry with(CustomLayers custom) {
        Map<String, LayerType<?>> m = new LinkedHashMap<>(types);
        register(m, custom.types());
        return new LayerRegistry(m);
    }

    public Optional<LayerType<?>> find(String className) {
        return Optional.ofNullable(types.get(className));
    }

    /** The kind's canonical {@code class_name} for any of its aliases; other names unchanged. */
    public String canonicalName(String className) {
        LayerType<?> t = types.get(className);
        return t == null ? className : t.canonicalName();
    }

    /** Every kind once, built-ins first, in registration order (a plug-in replacing a built-in shows once). */
    public List<LayerType<?>> types() {
        return List.copyOf(new java.util.LinkedHashSet<>(types.values()));
    }

    public boolean supports(String className) {
        return types.containsKey(className);
    }

    /** Every supported {@code class_name}, sorted (for the README table and error messages). */
    public List<String> classNames() {
        return List.copyOf(new TreeSet<>(types.keySet()));
    }

    public LayerSpec parse(LayerConfig config) {
        LayerType<?> t = types.get(config.className());
        if (t == null) {
            throw new ConfigException("layer class '" + config.className() + "' is not supported");
        }
        return t.parse(config);
    }

    private static List<LayerType<?>> builtins() {
        return List.of(
                builtin(InputLayerSpec.class, InputLayerSpec::parse, "InputLayer").withBuiltAtInit(),
                builtin(Conv2DSpec.class, Conv2DSpec::parse, "Conv2D", "Convolution2D"),
                builtin(DepthwiseConv2DSpec.class, DepthwiseConv2DSpec::parse, "DepthwiseConv2D"),
                builtin(SeparableConv2DSpec.class, SeparableConv2DSpec::parse, "SeparableConv2D", "SeparableConvolution2D"),
                builtin(Pooling2DSpec.class, Pooling2DSpec::parseMax, "MaxPooling2D", "MaxPool2D").withBuiltAtInit(),
                builtin(Pooling2DSpec.class, Pooling2DSpec::parseAverage, "AveragePooling2D", "AvgPool2D").withBuiltAtInit(),
                builtin(GlobalPooling2DSpec.class, GlobalPooling2DSpec::parseMax, "GlobalMaxPooling2D", "GlobalMaxPool2D")
                        .withBuiltAtInit(),
                builtin(GlobalPooling2DSpec.class, GlobalPooling2DSpec::parseAverage, "GlobalAveragePooling2D",
                        "GlobalAvgPool2D").withBuiltAtInit(),
                builtin(DenseSpec.class, DenseSpec::parse, "Dense"),
                builtin(DropoutSpec.class, DropoutSpec::parse, "Dropout").withBuiltAtInit(),
                builtin(DropoutSpec.class, DropoutSpec::parseSpatial, "SpatialDropout2D").withBuiltAtInit(),
                builtin(FlattenSpec.class, FlattenSpec::parse, "Flatten"),
                builtin(ReshapeSpec.class, ReshapeSpec::parse, "Reshape"),
                builtin(PermuteSpec.class, PermuteSpec::parse, "Permute"),
                builtin(BatchNormalizationSpec.class, BatchNormalizationSpec::parse, "BatchNormalization")
                        .withKeras3Config(BatchNormalizationSpec::toKeras3Config),
                builtin(ActivationSpec.class, ActivationSpec::parse, "Activation").withBuiltAtInit(),
                builtin(ReLUSpec.class, ReLUSpec::parse, "ReLU").withBuiltAtInit(),
                builtin(LeakyReLUSpec.class, LeakyReLUSpec::parse, "LeakyReLU").withBuiltAtInit()
                        .withKeras3Config(c -> ConfigKeys.rename(c, "alpha", "negative_slope")),
                builtin(ELUSpec.class, ELUSpec::parse, "ELU").withBuiltAtInit(),
                builtin(SoftmaxSpec.class, SoftmaxSpec::parse, "Softmax").withBuiltAtInit(),
                builtin(PReLUSpec.class, PReLUSpec::parse, "PReLU"),
                builtin(Padding2DSpec.class, Padding2DSpec::parsePadding, "ZeroPadding2D"),
                builtin(Padding2DSpec.class, Padding2DSpec::parseCropping, "Cropping2D"),
                builtin(RescalingSpec.class, RescalingSpec::parse, "Rescaling"),
                merge("Add", MergeSpec.Op.ADD),
                merge("Subtract", MergeSpec.Op.SUBTRACT),
                merge("Multiply", MergeSpec.Op.MULTIPLY),
                merge("Average", MergeSpec.Op.AVERAGE),
                merge("Maximum", MergeSpec.Op.MAXIMUM),
                merge("Minimum", MergeSpec.Op.MINIMUM),
                builtin(MergeSpec.class, MergeSpec::parseConcatenate, "Concatenate"),
                builtin(LambdaSpec.class, LambdaSpec::parse, "Lambda").withKeras3Config(LambdaSpec::toKeras3Config),
                // issue 18, non-sequence layers
                builtin(ConvolutionSpec.class, ConvolutionSpec::parse1D, "Conv1D", "Convolution1D", "AtrousConvolution1D"),
                builtin(ConvolutionSpec.class, ConvolutionSpec::parse3D, "Conv3D", "Convolution3D"),
                builtin(ConvTransposeSpec.class, ConvTransposeSpec::parse1D, "Conv1DTranspose"),
                builtin(ConvTransposeSpec.class, ConvTransposeSpec::parse2D, "Conv2DTranspose", "Convolution2DTranspose"),
                builtin(ConvTransposeSpec.class, ConvTransposeSpec::parse3D, "Conv3DTranspose"),
                builtin(SeparableConv1DSpec.class, SeparableConv1DSpec::parseSeparable, "SeparableConv1D"),
                builtin(SeparableConv1DSpec.class, SeparableConv1DSpec::parseDepthwise, "DepthwiseConv1D"),
                builtin(PoolingNdSpec.class, PoolingNdSpec::parseMax1D, "MaxPooling1D", "MaxPool1D").withBuiltAtInit(),
                builtin(PoolingNdSpec.class, PoolingNdSpec::parseAverage1D, "AveragePooling1D", "AvgPool1D").withBuiltAtInit(),
                builtin(PoolingNdSpec.class, PoolingNdSpec::parseMax3D, "MaxPooling3D", "MaxPool3D").withBuiltAtInit(),
                builtin(PoolingNdSpec.class, PoolingNdSpec::parseAverage3D, "AveragePooling3D", "AvgPool3D").withBuiltAtInit(),
                globalPooling(Pooling2DSpec.Kind.MAX, 1, "GlobalMaxPooling1D", "GlobalMaxPool1D"),
                globalPooling(Pooling2DSpec.Kind.AVERAGE, 1, "GlobalAveragePooling1D", "GlobalAvgPool1D"),
                globalPooling(Pooling2DSpec.Kind.MAX, 3, "GlobalMaxPooling3D", "GlobalMaxPool3D"),
                globalPooling(Pooling2DSpec.Kind.AVERAGE, 3, "GlobalAveragePooling3D", "GlobalAvgPool3D"),
                builtin(UpSamplingSpec.class, UpSamplingSpec::parse1D, "UpSampling1D"),
                builtin(UpSamplingSpec.class, UpSamplingSpec::parse2D, "UpSampling2D"),
                builtin(UpSamplingSpec.class, UpSamplingSpec::parse3D, "UpSampling3D"),
                builtin(PaddingNdSpec.class, PaddingNdSpec::parsePadding1D, "ZeroPadding1D"),
                builtin(PaddingNdSpec.class, PaddingNdSpec::parsePadding3D, "ZeroPadding3D"),
                builtin(PaddingNdSpec.class, PaddingNdSpec::parseCropping1D, "Cropping1D"),
                builtin(PaddingNdSpec.class, PaddingNdSpec::parseCropping3D, "Cropping3D"),
                builtin(LayerNormalizationSpec.class, LayerNormalizationSpec::parse, "LayerNormalization"),
                builtin(GroupNormalizationSpec.class, GroupNormalizationSpec::parse, "GroupNormalization"),
                builtin(UnitNormalizationSpec.class, UnitNormalizationSpec::parse, "UnitNormalization"),
                builtin(DropoutSpec.class, DropoutSpec::parseSpatial, "SpatialDropout1D").withBuiltAtInit(),
                builtin(DropoutSpec.class, DropoutSpec::parseSpatial, "SpatialDropout3D").withBuiltAtInit(),
                builtin(NoiseSpec.class, NoiseSpec::parseGaussianNoise, "GaussianNoise").withBuiltAtInit(),
                builtin(NoiseSpec.class, NoiseSpec::parseGaussianDropout, "GaussianDropout").withBuiltAtInit(),
                builtin(NoiseSpec.class, NoiseSpec::parseAlphaDropout, "AlphaDropout").withBuiltAtInit(),
                builtin(ActivityRegularizationSpec.class, ActivityRegularizationSpec::parse, "ActivityRegularization"),
                builtin(ThresholdedReLUSpec.class, ThresholdedReLUSpec::parse, "ThresholdedReLU"),
                builtin(NormalizationSpec.class, NormalizationSpec::parse, "Normalization"),
                builtin(ResizingSpec.class, ResizingSpec::parseResizing, "Resizing"),
                builtin(ResizingSpec.class, ResizingSpec::parseCenterCrop, "CenterCrop"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomFlip"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomRotation"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomZoom"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomTranslation"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomContrast"),
                builtin(AugmentationSpec.class, AugmentationSpec::parse, "RandomBrightness"),
                builtin(Keras1MergeSpec.class, Keras1MergeSpec::parse, "Merge"),
                builtin(DotSpec.class, DotSpec::parse, "Dot"),
                builtin(EmbeddingSpec.class, EmbeddingSpec::parse, "Embedding").withKeras1Keys(EmbeddingSpec.KERAS1_KEYS)
                        .withKeras3Config(EmbeddingSpec::toKeras3Config),
                builtin(MaskingSpec.class, MaskingSpec::parse, "Masking"),
                recurrent(SimpleRNNSpec.class, SimpleRNNSpec::parse, "SimpleRNN"),
                recurrent(LSTMSpec.class, LSTMSpec::parse, "LSTM"),
                recurrent(GRUSpec.class, GRUSpec::parse, "GRU"),
                LayerKind.of(BidirectionalSpec.class, BidirectionalSpec::parse, "Bidirectional")
                        .withKeras3Config(BidirectionalSpec::toKeras3Config),
                LayerKind.of(TimeDistributedSpec.class, TimeDistributedSpec::parse, "TimeDistributed")
                        .withKeras3Config(TimeDistributedSpec::toKeras3Config));
    }

    /** A built-in kind: Keras 1 files may name its arguments the Keras 1 way. */
    private static <S extends LayerSpec> LayerKind<S> builtin(Class<S> spec, java.util.function.Function<LayerConfig, ? extends S> parser,
                                                             String canonicalName, String... aliases) {
        return LayerKind.of(spec, parser, canonicalName, aliases).withKeras1Keys(ConfigKeys.KERAS1_KEYS);
    }

    private static LayerKind<GlobalPoolingNdSpec> globalPooling(Pooling2DSpec.Kind kind, int spatialRank, String... names) {
        return builtin(GlobalPoolingNdSpec.class, c -> GlobalPoolingNdSpec.parse(c, kind, spatialRank), names[0],
                java.util.Arrays.copyOfRange(names, 1, names.length)).withBuiltAtInit();
    }

    /** SimpleRNN, LSTM, GRU: Keras 1 argument names of recurrent layers besides the common ones. */
    private static <S extends RecurrentSpec> LayerKind<S> recurrent(Class<S> spec, java.util.function.Function<LayerConfig, ? extends S> parser,
                                                                   String className) {
        return LayerKind.of(spec, parser, className).withKeras1Keys(RecurrentOptions.KERAS1_KEYS)
                .withKeras3Config(RecurrentOptions::toKeras3Config);
    }

    private static LayerKind<MergeSpec> merge(String className, MergeSpec.Op op) {
        return builtin(MergeSpec.class, c -> new MergeSpec(op, -1), className);
    }

    private static LayerRegistry withServiceLoader(List<LayerType<?>> builtins) {
        Map<String, LayerType<?>> m = new LinkedHashMap<>();
        register(m, builtins);
        // custom LRN layer classes of AlexNet ports, recognised from their config
        register(m, LrnForms.kinds());
        register(m, ServiceLoader.load(LayerType.class));
        return new LayerRegistry(m);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void register(Map<String, LayerType<?>> m, Iterable<? extends LayerType> kinds) {
        for (LayerType<?> t : (Iterable<LayerType<?>>) kinds) {
            t.classNames().forEach(n -> m.put(n, t));
        }
    }
}
