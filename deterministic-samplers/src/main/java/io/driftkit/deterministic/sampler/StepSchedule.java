package io.driftkit.deterministic.sampler;

import io.driftkit.api.ForwardProcess;

/**
 * Where a sampler puts its K steps between the far end T and the data end t-min, in the process's time: uniform in t
 * (DDIM's original), quadratic in t (dense near the data, DDIM's CIFAR sequence), or uniform in the log
 * signal-to-noise ratio (DPM-Solver; needs a linear process).
 */
public enum StepSchedule {
  TIME, QUADRATIC, LOG_SNR;

  /** Whether the schedule can be built for this process. */
  public boolean accepts(ForwardProcess forward) {
    return this != LOG_SNR || forward.linear().isPresent();
  }

  /**
   * The K + 1 times {@code t_0 = start > t_1 > ... > t_K = end} of the reverse pass.
   *
   * @param start the far end (the horizon)
   * @param end the data end (t-min)
   */
  public double[] times(ForwardProcess forward, double start, double end, int steps) {
    double[] t = new double[steps + 1];
    NoiseSchedule schedule = this == LOG_SNR ? new NoiseSchedule(forward) : null;
    double lambdaStart = schedule == null ? 0 : schedule.logSnr(start);
    double lambdaEnd = schedule == null ? 0 : schedule.logSnr(end);
    for (int k = 0; k <= steps; k++) {
      double u = (double) k / steps;
      t[k] = switch (this) {
        case TIME -> start + u * (end - start);
        case QUADRATIC -> end + (1 - u) * (1 - u) * (start - end);
        case LOG_SNR -> schedule.timeOfLogSnr(lambdaStart + u * (lambdaEnd - lambdaStart));
      };
    }
    t[0] = start;
    t[steps] = end;
    for (int k = 0; k < steps; k++) {
      if (!(t[k + 1] < t[k])) {
        throw new IllegalArgumentException("the " + this + " schedule of " + steps + " steps from t = " + start
            + " to " + end + " is not strictly decreasing at step " + k + " (" + t[k] + ", " + t[k + 1] + ")");
      }
    }
    return t;
  }
}
