package io.driftkit.control.langevin;

import io.driftkit.api.Target;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The target's gradient at the current chain states. The Metropolis filter already knows the gradient at the state
 * it keeps, so it stores it here and the next drift evaluation reuses it instead of recomputing.
 */
final class GradientCache {

  private final Target target;
  private INDArray state;
  private INDArray gradient;
  private long evaluations;

  GradientCache(Target target) {
    this.target = target;
  }

  /** grad log pi(x), reused when x is the array last stored. */
  INDArray at(INDArray x) {
    if (x != state) {
      gradient = compute(x);
      state = x;
    }
    return gradient;
  }

  /** Computes and counts one batched gradient evaluation. */
  INDArray compute(INDArray x) {
    evaluations++;
    return target.gradLogDensity(x);
  }

  /** Remembers that {@code gradient} belongs to the array {@code x}. */
  void store(INDArray x, INDArray gradient) {
    this.state = x;
    this.gradient = gradient;
  }

  /** Number of batched gradient evaluations so far (the NFE per chain). */
  long evaluations() {
    return evaluations;
  }
}
