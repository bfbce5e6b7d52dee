/**
 * Fine-tuning imported Keras models on TensorFlow Java with Keras' training semantics.
 *
 * <p>{@link io.kerasj.runtime.train.FineTune#builder} prepares the model (freeze layers, replace the
 * head via {@link io.kerasj.runtime.train.ModelSurgery}) and builds a
 * {@link io.kerasj.runtime.train.Trainer}: the runtime's graph compiled with a learning-phase flag,
 * a Keras loss ({@link io.kerasj.runtime.train.LossGraph}: from the logits when the output is a
 * softmax, as tf.keras does), gradients, and a Keras optimizer's updates
 * ({@link io.kerasj.runtime.train.Optimizer}, {@link io.kerasj.runtime.train.OptimizerGraph}).
 * Training reports a {@link io.kerasj.runtime.train.History}; a collapsed run (loss at ln K, chance
 * accuracy) is explained by a {@link io.kerasj.runtime.train.CollapseDiagnosis}; the trained model
 * comes back as IR and is saved with {@link io.kerasj.KerasModels#save}.
 */
package io.kerasj.runtime.train;
