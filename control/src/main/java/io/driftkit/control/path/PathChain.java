package io.driftkit.control.path;

import io.driftkit.api.Prior;

/**
 * A discretised pair of chains on the solver-time grid {@code s_0 < ... < s_K} (prior side at s_0, target side at
 * s_K), from which the path-space importance weight is exact for the discrete chains (docs/references.md §3).
 *
 * <p>Generative chain: {@code Y_0 ~ prior} (or the point 0), {@code Y_{j+1} = a_j Y_j + c_j v(Y_j, s_j) + std_j Z_j}.
 * Reference chain, one Gaussian kernel per step: with {@code backwardReference} it runs from the target towards
 * the prior, {@code Y_j | Y_{j+1} ~ N(kappa_j Y_{j+1}, refVar_j I)} (DIS: the noising process started at the target);
 * otherwise it runs from the prior, {@code Y_{j+1} | Y_j ~ N(kappa_j Y_j, refVar_j I)} with marginal
 * {@code N(0, terminalVar I)} at s_K (PIS, DDS); it starts where the generative chain starts, so the prior's density
 * cancels.
 *
 * @param times the solver times s_0..s_K
 * @param a generative contraction per step
 * @param c generative control gain per step
 * @param std generative noise standard deviation per step
 * @param kappa reference kernel mean factor per step
 * @param refVar reference kernel variance per step
 * @param backwardReference whether the reference kernels run from the target side
 * @param terminalVar variance of the reference marginal at s_K (forward reference only), else NaN
 * @param prior where Y_0 is drawn from; null for the point mass at 0
 */
public record PathChain(double[] times, double[] a, double[] c, double[] std, double[] kappa, double[] refVar,
    boolean backwardReference, double terminalVar, Prior prior) {

  public PathChain {
    int k = times.length - 1;
    if (k < 1 || a.length != k || c.length != k || std.length != k || kappa.length != k || refVar.length != k) {
      throw new IllegalArgumentException("every per-step coefficient needs " + k + " entries");
    }
    for (int j = 0; j < k; j++) {
      if (!(std[j] > 0) || !(refVar[j] > 0)) {
        throw new IllegalArgumentException("step " + j + " has a non-positive noise scale (std " + std[j]
            + ", reference variance " + refVar[j] + "); the grid may reach a time where the process has no noise");
      }
    }
    if (backwardReference && prior == null) {
      throw new IllegalArgumentException("a backward reference needs the prior's density");
    }
    if (!backwardReference && !(terminalVar > 0)) {
      throw new IllegalArgumentException("a forward reference needs its marginal variance at the end, got "
          + terminalVar);
    }
  }

  public int steps() {
    return times.length - 1;
  }

  /** The horizon s_K - s_0. */
  public double horizon() {
    return times[times.length - 1] - times[0];
  }
}
