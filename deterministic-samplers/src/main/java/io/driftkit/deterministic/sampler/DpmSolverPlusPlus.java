package io.driftkit.deterministic.sampler;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.diffusion.Predictions;
import io.driftkit.toolkit.integrate.ArrayOps;
import org.nd4j.linalg.api.ndarray.INDArray;

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
  protected INDArray sample(Run run, INDArray x, double start, double end, RandomSource random) {
    NoiseSchedule ns = new NoiseSchedule(run.forward());
    double[] t = schedule.times(run.forward(), start, end, steps());
    double[] lambda = new double[t.length];
    for (int k = 0; k < t.length; k++) {
      lambda[k] = ns.logSnr(t[k]);
    }
    INDArray m1 = null;
    INDArray m2 = null;
    for (int k = 0; k < steps(); k++) {
      INDArray m0 = Predictions.data(x, run.score(x, t[k]), ns.alpha(t[k]), ns.sigma(t[k]));
      double h = lambda[k + 1] - lambda[k];
      double alphaNext = ns.alpha(t[k + 1]);
      double phi1 = Math.expm1(-h);
      INDArray next = x.mul(ns.sigma(t[k + 1]) / ns.sigma(t[k]));
      ArrayOps.axpy(-alphaNext * phi1, m0, next);
      int o = orderAt(k);
      if (o >= 2) {
        double r0 = (lambda[k] - lambda[k - 1]) / h;
        INDArray d10 = m0.sub(m1).divi(r0);
        if (o == 2) {
          ArrayOps.axpy(-0.5 * alphaNext * phi1, d10, next);
        } else {
          double r1 = (lambda[k - 1] - lambda[k - 2]) / h;
          INDArray d11 = m1.sub(m2).divi(r1);
          INDArray diff = d10.sub(d11);
          INDArray d1 = d10.add(diff.mul(r0 / (r0 + r1)));
          INDArray d2 = diff.divi(r0 + r1);
          double phi2 = phi1 / h + 1;
          double phi3 = (phi1 + h) / (h * h) - 0.5;
          ArrayOps.axpy(alphaNext * phi2, d1, next);
          ArrayOps.axpy(-alphaNext * phi3, d2, next);
        }
      }
      run.step(t[k], t[k + 1], x, next, next, null, 0);
      m2 = m1;
      m1 = m0;
      x = next;
    }
    return x;
  }
}
