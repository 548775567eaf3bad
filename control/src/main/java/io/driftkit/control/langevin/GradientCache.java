package io.driftkit.control.langevin;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The target's gradient at the current chain states. The Metropolis filter already knows the gradient at the state
 * it keeps, so it stores it here and the next drift evaluation reuses it instead of recomputing. States are matched
 * by their values, not by array identity: the integrator hands the dynamics its state in arrays of its own.
 */
final class GradientCache {

  private final Target target;
  private double[] state;
  private double[] probe;
  private INDArray gradient;
  private long evaluations;

  GradientCache(Target target) {
    this.target = target;
  }

  /** grad log pi(x), reused when x holds exactly the values last stored or computed. */
  INDArray at(INDArray x) {
    probe = Rows.values(x, probe);
    if (state == null || !Arrays.equals(probe, 0, (int) x.length(), state, 0, state.length)) {
      gradient = compute(x);
      remember(x);
    }
    return gradient;
  }

  /** Computes and counts one batched gradient evaluation. */
  INDArray compute(INDArray x) {
    evaluations++;
    return target.gradLogDensity(x);
  }

  /** Remembers that {@code gradient} belongs to the states {@code x}. */
  void store(INDArray x, INDArray gradient) {
    remember(x);
    this.gradient = gradient;
  }

  private void remember(INDArray x) {
    state = Arrays.copyOf(Rows.values(x, probe), (int) x.length());
  }

  /** Number of batched gradient evaluations so far (the NFE per chain). */
  long evaluations() {
    return evaluations;
  }
}
