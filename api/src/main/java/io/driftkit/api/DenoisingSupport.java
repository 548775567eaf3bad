package io.driftkit.api;

/**
 * The training contract of score-based methods: the samples to learn from and what the model is to predict, so a
 * denoising loss trains that parametrisation of the score.
 */
public interface DenoisingSupport extends SampleSupport {

  /** The model's parametrisation. */
  Prediction prediction();
}
