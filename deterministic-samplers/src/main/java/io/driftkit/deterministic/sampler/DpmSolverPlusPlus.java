package io.driftkit.deterministic.sampler;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.diffusion.Predictions;

/**
 * DPM-Solver++ (Lu et al. 2022), multistep, in data-prediction form: with {@code lambda = log(alpha / sigma)},
 * {@code h = lambda' - lambda} and the data predictions m0, m1, m2 of this and the previous steps,
 * {@code x' = (sigma'/sigma) x - alpha' phi1 m0} (first order, = DDIM with eta = 0), plus
 * {@code - alpha' phi1 D1 / 2} with {@code D1 = (m0 - m1) / r0} (2M, r0 = h_prev / h), or for 3M
 * {@code + alpha' phi2 D1 - alpha' phi3 D2} with the divided differences of three predictions;
 * {@code phi1 = e^-h - 1}, {@code phi2 = phi1 / h + 1}, {@code phi3 = (e^-h - 1 + h) / h^2 - 1/2}. The first steps
 * run at the order their history allows; with fewer than 15 steps the last step is first order and (3M) the one
 * before it second order, as in the reference code. One NFE per step.
 */
public final class DpmSolverPlusPlus extends ReversalSampler {

  private final int order;
  private final StepSchedule schedule;
  private final boolean lowerOrderFinal;

  public DpmSolverPlusPlus(int steps, int order, StepSchedule schedule, boolean lowerOrderFinal) {
    super("dpm-solver", steps, 1);
    if (order < 1 || order > 3) {
      throw new IllegalArgumentException("integrator.order must be 1, 2 or 3, got " + order);
    }
    this.order = order;
    this.schedule = schedule;
    this.lowerOrderFinal = lowerOrderFinal;
  }

  @Override
  protected boolean needsLinearProcess() {
    return true;
  }

  @Override
  public Kind kind() {
    return Kind.ODE;
  }

  /** The order used at step k of K (0-based). */
  int orderAt(int k) {
    int o = Math.min(order, k + 1);
    if (lowerOrderFinal && steps() < 15) {
      o = Math.min(o, steps() - k);
    }
    return o;
  }

  @Override
  protected double[] sample(Run run, double[] x, double start, double end, RandomSource random) {
    NoiseSchedule ns = new NoiseSchedule(run.forward());
    double[] t = schedule.times(run.forward(), start, end, steps());
    double[] lambda = new double[t.length];
    for (int k = 0; k < t.length; k++) {
      lambda[k] = ns.logSnr(t[k]);
    }
    int len = x.length;
    double[] s = new double[len];
    double[] next = new double[len];
    // the data predictions of this step and the two before it, rotated each step
    double[] m0 = new double[len];
    double[] m1 = new double[len];
    double[] m2 = new double[len];
    for (int k = 0; k < steps(); k++) {
      run.score(x, t[k], s);
      Predictions.data(x, s, ns.alpha(t[k]), ns.sigma(t[k]), m0);
      double h = lambda[k + 1] - lambda[k];
      double alphaNext = ns.alpha(t[k + 1]);
      double phi1 = Math.expm1(-h);
      double ratio = ns.sigma(t[k + 1]) / ns.sigma(t[k]);
      double w0 = -alphaNext * phi1;
      for (int i = 0; i < len; i++) {
        next[i] = x[i] * ratio + w0 * m0[i];
      }
      int o = orderAt(k);
      if (o == 2) {
        double r0 = (lambda[k] - lambda[k - 1]) / h;
        double w1 = -0.5 * alphaNext * phi1;
        for (int i = 0; i < len; i++) {
          next[i] += w1 * ((m0[i] - m1[i]) / r0);
        }
      } else if (o == 3) {
        double r0 = (lambda[k] - lambda[k - 1]) / h;
        double r1 = (lambda[k - 1] - lambda[k - 2]) / h;
        double phi2 = phi1 / h + 1;
        double phi3 = (phi1 + h) / (h * h) - 0.5;
        double w1 = alphaNext * phi2;
        double w2 = -alphaNext * phi3;
        for (int i = 0; i < len; i++) {
          double d10 = (m0[i] - m1[i]) / r0;
          double d11 = (m1[i] - m2[i]) / r1;
          double diff = d10 - d11;
          double d1 = d10 + diff * (r0 / (r0 + r1));
          double d2 = diff / (r0 + r1);
          next[i] += w1 * d1;
          next[i] += w2 * d2;
        }
      }
      run.step(t[k], t[k + 1], x, next, next, null, 0);
      double[] oldest = m2;
      m2 = m1;
      m1 = m0;
      m0 = oldest;
      double[] swap = x;
      x = next;
      next = swap;
    }
    return x;
  }
}
