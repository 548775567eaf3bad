package io.driftkit.deterministic.integrate;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.ObservedStep;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adaptive Dormand–Prince 5(4) ({@code rk45}): one step size for the whole batch, chosen so that the RMS over all
 * entries of {@code err / (atol + rtol max(|x|, |x_new|))} stays below one (Hairer, Nørsett and Wanner, II.4). Uses
 * only the end points of the grid it is given; every accepted step goes to the observer.
 */
public final class DormandPrince45 implements Integrator {

  private static final double SAFETY = 0.9;
  private static final double MIN_FACTOR = 0.2;
  private static final double MAX_FACTOR = 5.0;

  private final double rtol;
  private final double atol;
  private final int maxSteps;

  public DormandPrince45(double rtol, double atol, int maxSteps) {
    if (!(rtol > 0)) {
      throw new IllegalArgumentException("integrator.rtol must be > 0, got " + rtol);
    }
    if (!(atol >= 0)) {
      throw new IllegalArgumentException("integrator.atol must be >= 0, got " + atol);
    }
    if (maxSteps < 1) {
      throw new IllegalArgumentException("integrator.max-steps must be >= 1, got " + maxSteps);
    }
    this.rtol = rtol;
    this.atol = atol;
    this.maxSteps = maxSteps;
  }

  @Override
  public Kind kind() {
    return Kind.ODE;
  }

  /** Only the end points matter: the step sizes are chosen on the fly. */
  @Override
  public TimeGrid grid(double start, double end) {
    return TimeGrid.of(start, end);
  }

  /** On row arrays through the dynamics' row-array drift: no native array per stage. */
  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    ButcherTableau tableau = ButcherTableau.DORMAND_PRINCE;
    OdeChecks.requireDeterministic("rk45", dynamics, grid.start(), grid.end());
    double t = grid.start();
    double end = grid.end();
    int n = Math.toIntExact(x0.size(0));
    int d = dynamics.dim();
    double[] x = Rows.values(x0);
    int len = x.length;
    double[] next = new double[len];
    double[] low = new double[len];
    double[] scratch = new double[len];
    // The drift at (x, t): from the starting-step probe, then the last stage of each accepted step, which is
    // evaluated at exactly the new state (first same as last). So every attempt, accepted or not, costs 6 drift
    // evaluations instead of 7.
    double[] driftAtX = new double[len];
    ObservedStep observed = observer == StepObserver.NONE ? null : new ObservedStep(n, d);
    double[] proposed = observed == null ? null : new double[len];
    RungeKuttaStepper stepper = new RungeKuttaStepper(tableau);
    RungeKuttaStepper.RowStages stages = stepper.rowStages(len);
    double h = initialStep(dynamics, x, n, t, end, driftAtX);
    long extraEvaluations = 2;
    int lastStage = tableau.stages() - 1;
    int accepted = 0;
    int attempts = 0;
    while (t < end) {
      if (attempts++ >= maxSteps) {
        throw new IllegalStateException("rk45 used its budget of integrator.max-steps = " + maxSteps
            + " steps and reached t = " + t + " of " + end + "; raise max-steps or loosen rtol/atol");
      }
      boolean last = t + h >= end || (end - t - h) < 1e-12 * Math.abs(end);
      if (last) {
        h = end - t;
      }
      double[][] k = stepper.step(dynamics, x, n, t, h, next, stages, driftAtX);
      stepper.combine(x, h, tableau.bLow(), low, stages);
      double error = errorNorm(x, next, low, scratch);
      if (error <= 1) {
        double tNext = last ? end : t + h;
        boolean corrected = false;
        if (observed != null) {
          System.arraycopy(next, 0, proposed, 0, len);
          observed.show(observer, accepted, t, tNext - t, 0.0, x, next, driftAtX, null);
          for (int i = 0; i < len && !corrected; i++) {
            corrected = next[i] != proposed[i];
          }
        }
        if (corrected) {
          // the observer moved the state: the last stage is not the drift there
          dynamics.drift(next, n, tNext, driftAtX);
          extraEvaluations++;
        } else {
          System.arraycopy(k[lastStage], 0, driftAtX, 0, len);
        }
        accepted++;
        double[] swap = x;
        x = next;
        next = swap;
        t = tNext;
      }
      if (Double.isNaN(error) && h < 1e-12 * (end - grid.start())) {
        throw new IllegalStateException("rk45: the drift is not finite near t = " + t);
      }
      double factor = error == 0 ? MAX_FACTOR
          : Double.isFinite(error) ? SAFETY * Math.pow(error, -1.0 / 5) : MIN_FACTOR;
      h *= Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
    }
    return new IntegrationResult(Rows.matrix(x, n, d), stepper.evaluations() + extraEvaluations, accepted);
  }

  /** RMS over all entries of {@code (high - low) / (atol + rtol max(|x|, |high|))}. */
  private double errorNorm(double[] x, double[] high, double[] low, double[] err) {
    for (int i = 0; i < err.length; i++) {
      double scale = Math.max(Math.abs(x[i]), Math.abs(high[i])) * rtol + atol;
      err[i] = (high[i] - low[i]) / scale;
    }
    return rms(err);
  }

  /**
   * Hairer's starting step: from the sizes of x and f(x) and a trial Euler step (two drift evaluations). Leaves
   * f(x, t) in {@code driftAtX} for the first step.
   */
  private double initialStep(Dynamics dynamics, double[] x, int n, double t, double end, double[] driftAtX) {
    double span = end - t;
    int len = x.length;
    double[] scale = new double[len];
    double[] ratio = new double[len];
    for (int i = 0; i < len; i++) {
      scale[i] = Math.abs(x[i]) * rtol + atol;
    }
    dynamics.drift(x, n, t, driftAtX);
    double[] f0 = driftAtX;
    for (int i = 0; i < len; i++) {
      ratio[i] = x[i] / scale[i];
    }
    double d0 = rms(ratio);
    for (int i = 0; i < len; i++) {
      ratio[i] = f0[i] / scale[i];
    }
    double d1 = rms(ratio);
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 * span : 0.01 * d0 / d1;
    h0 = Math.min(h0, span);
    double[] x1 = x.clone();
    for (int i = 0; i < len; i++) {
      x1[i] += h0 * f0[i];
    }
    double[] f1 = new double[len];
    dynamics.drift(x1, n, t + h0, f1);
    for (int i = 0; i < len; i++) {
      ratio[i] = (f1[i] - f0[i]) / scale[i];
    }
    double d2 = rms(ratio) / h0;
    double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
    return Math.min(Math.min(100 * h0, h1), span);
  }

  private static double rms(double[] a) {
    return Rows.norm2(a) / Math.sqrt(a.length);
  }
}
