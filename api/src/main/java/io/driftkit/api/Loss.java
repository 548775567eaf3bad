package io.driftkit.api;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A training objective: one call draws its own batch, estimates the loss and its parameter gradient. */
public interface Loss {

  /**
   * The training contract this loss needs from its method (e.g. {@link PathSupport}, {@link SampleSupport});
   * checked when the run is assembled. {@link TrainingSupport} itself accepts any method.
   */
  default Class<? extends TrainingSupport> requires() {
    return TrainingSupport.class;
  }

  /**
   * How many d-dimensional fields the trained model outputs, side by side ({@code [n, k d]}), for a loss that learns
   * several at once (an interpolant's velocity and score). The run then builds the model with dimension k d; the
   * method and the loss feed it the state padded with zeros to k d columns. 1 for losses that learn one field.
   */
  default int modelFields() {
    return 1;
  }

  /** One stochastic estimate of the loss and of its gradient with respect to the model's parameters. */
  Value evaluate(TrainingContext context);

  /**
   * @param loss the scalar loss estimate
   * @param gradient dL/dtheta, flat float64, same length as the model's parameters; the trainer's (it
   *     clips it in place and frees its native memory after the update), so not an array the loss keeps
   * @param extras further scalars worth logging (e.g. an ELBO), may be empty
   */
  record Value(double loss, INDArray gradient, Map<String, Double> extras) {
    public Value(double loss, INDArray gradient) {
      this(loss, gradient, Map.of());
    }
  }
}
