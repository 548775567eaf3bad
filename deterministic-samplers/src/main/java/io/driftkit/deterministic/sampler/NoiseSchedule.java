package io.driftkit.deterministic.sampler;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.ForwardProcess.LinearMarginals;
import java.util.function.DoubleUnaryOperator;

/**
 * The marginal coefficients of a linear noising process, {@code X_t = alpha(t) X_0 + sigma(t) Z}, in the forms the
 * samplers step in: the log signal-to-noise ratio {@code lambda = log(alpha / sigma)} (DPM-Solver) and the
 * noise-to-signal ratio {@code sigma / alpha} (EDM's sigma), with their inverses found by bisection on [0, T] (both
 * are monotone in t for every linear process: alpha falls and sigma rises).
 */
public final class NoiseSchedule {

  private final LinearMarginals lin;
  private final double horizon;

  public NoiseSchedule(ForwardProcess forward) {
    this.lin = forward.linear().orElseThrow(() -> new IllegalArgumentException("a noise schedule needs a linear"
        + " forward process"));
    this.horizon = forward.horizon();
  }

  public double horizon() {
    return horizon;
  }

  public double alpha(double t) {
    return lin.alpha(t);
  }

  public double sigma(double t) {
    return lin.sigma(t);
  }

  /** {@code lambda(t) = log(alpha / sigma)}, decreasing in t. */
  public double logSnr(double t) {
    return Math.log(lin.alpha(t)) - Math.log(lin.sigma(t));
  }

  /** {@code sigma(t) / alpha(t)}, increasing in t: the noise level of the scaled state x / alpha. */
  public double noiseToSignal(double t) {
    return lin.sigma(t) / lin.alpha(t);
  }

  /** The time at which {@code lambda(t) = value}. */
  public double timeOfLogSnr(double value) {
    return invert(t -> -logSnr(t), -value);
  }

  /** The time at which {@code sigma / alpha = value}; 0 for value 0. */
  public double timeOfNoiseToSignal(double value) {
    return value == 0 ? 0 : invert(this::noiseToSignal, value);
  }

  /** The t in [0, T] where the increasing function f equals value (bisection to the last bit). */
  private double invert(DoubleUnaryOperator f, double value) {
    double lo = 0;
    double hi = horizon;
    if (!(f.applyAsDouble(hi) >= value)) {
      throw new IllegalArgumentException("noise level " + value + " lies beyond the forward process's horizon T = "
          + horizon + " (where it is " + f.applyAsDouble(hi) + ")");
    }
    for (int i = 0; i < 200 && hi - lo > Math.ulp(hi); i++) {
      double mid = 0.5 * (lo + hi);
      if (f.applyAsDouble(mid) < value) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }
}
