package io.driftkit.deterministic.integrate;

import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ArrayOps;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.OdeChecks;
import io.driftkit.toolkit.integrate.RungeKuttaStepper;
import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

  @Override
  public IntegrationResult integrate(Dynamics dynamics, INDArray x0, TimeGrid grid, RandomSource random,
      StepObserver observer) {
    ButcherTableau tableau = ButcherTableau.DORMAND_PRINCE;
    OdeChecks.requireDeterministic("rk45", dynamics, grid.start(), grid.end());
    double t = grid.start();
    double end = grid.end();
    INDArray x = ArrayOps.workingCopy(x0);
    INDArray next = x.ulike();
    INDArray low = x.ulike();
    // The drift at (x, t): from the starting-step probe, then the last stage of each accepted step, which is
    // evaluated at exactly the new state (first same as last). So every attempt, accepted or not, costs 6 drift
    // evaluations instead of 7.
    INDArray driftAtX = x.ulike();
    INDArray proposed = observer == StepObserver.NONE ? null : x.ulike();
    RungeKuttaStepper stepper = new RungeKuttaStepper(tableau, x);
    double h = initialStep(dynamics, x, t, end, driftAtX);
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
      INDArray[] k = stepper.step(dynamics, x, t, h, next, driftAtX);
      stepper.combine(x, h, tableau.bLow(), low);
      double error = errorNorm(x, next, low);
      if (error <= 1) {
        double tNext = last ? end : t + h;
        boolean corrected = false;
        if (proposed != null) {
          proposed.assign(next);
          observer.onStep(new Step(accepted, t, tNext - t, x, next, driftAtX, 0.0, null));
          corrected = !next.equalsWithEps(proposed, 0.0);
        }
        if (corrected) {
          // the observer moved the state: the last stage is not the drift there
          driftAtX.assign(dynamics.drift(next, tNext));
          extraEvaluations++;
        } else {
          driftAtX.assign(k[lastStage]);
        }
        accepted++;
        INDArray swap = x;
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
    return new IntegrationResult(x, stepper.evaluations() + extraEvaluations, accepted);
  }

  private double errorNorm(INDArray x, INDArray high, INDArray low) {
    INDArray scale = Transforms.max(Transforms.abs(x, true), Transforms.abs(high, true), false).muli(rtol).addi(atol);
    INDArray err = high.sub(low).divi(scale);
    double rms = Rows.norm2(err) / Math.sqrt(err.length());
    return rms;
  }

  /**
   * Hairer's starting step: from the sizes of x and f(x) and a trial Euler step (two drift evaluations). Leaves
   * f(x, t) in {@code driftAtX} for the first step.
   */
  private double initialStep(Dynamics dynamics, INDArray x, double t, double end, INDArray driftAtX) {
    double span = end - t;
    INDArray scale = Transforms.abs(x, true).muli(rtol).addi(atol);
    INDArray f0 = driftAtX.assign(dynamics.drift(x, t));
    double d0 = rms(x.div(scale));
    double d1 = rms(f0.div(scale));
    double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 * span : 0.01 * d0 / d1;
    h0 = Math.min(h0, span);
    INDArray x1 = x.dup();
    ArrayOps.axpy(h0, f0, x1);
    INDArray f1 = dynamics.drift(x1, t + h0);
    double d2 = rms(f1.sub(f0).divi(scale)) / h0;
    double h1 = Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / Math.max(d1, d2), 1.0 / 5);
    return Math.min(Math.min(100 * h0, h1), span);
  }

  private static double rms(INDArray a) {
    return Rows.norm2(a) / Math.sqrt(a.length());
  }
}
