package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import java.util.Arrays;

/**
 * Per-particle step sizes {@code h exp(J u)}, {@code u ~ U(-1, 1)} drawn afresh for every move and independently of
 * the particles, so each move is a mixture of pi_beta-invariant kernels and stays invariant itself. One adapted step
 * cannot suit a target whose scale changes across the space (the funnel's neck needs steps a hundred times smaller
 * than its mouth); the jitter lets some proposals everywhere be accepted. J = 0 draws nothing.
 */
record StepJitter(double spread) {

  static final StepJitter NONE = new StepJitter(0);

  StepJitter {
    if (!(spread >= 0) || Double.isInfinite(spread)) {
      throw new IllegalArgumentException("step jitter must be finite and >= 0, got " + spread);
    }
  }

  double[] steps(double step, int n, RandomSource random) {
    double[] steps = new double[n];
    if (spread == 0) {
      Arrays.fill(steps, step);
      return steps;
    }
    for (int i = 0; i < n; i++) {
      steps[i] = step * Math.exp(spread * (2 * random.nextDouble() - 1));
    }
    return steps;
  }
}
