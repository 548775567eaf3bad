package io.driftkit.interpolants.method;

import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.interpolants.field.Fields;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.flow.Divergence;
import io.driftkit.toolkit.flow.LogDensityFlow;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-likelihoods of the generated law at given points, for a model that generates from a start law with density
 * rho_start. {@code back} are the generation fields reversed (time u = 1 - t runs from the generated end to the start),
 * {@code epsBack} the diffusion in that time.
 *
 * <ul>
 *   <li>ODE (eps = 0): the instantaneous change of variables, {@code log rho(x) = log rho_start(y) - int div b}, solved
 *       with the run's ODE integrator ({@link LogDensityFlow}; divergence exact or Hutchinson).
 *   <li>SDE: the density of the model {@code dX = b_F dt + sqrt(2 eps) dW}, {@code b_F = b + eps s}, obeys the
 *       Feynman–Kac formula {@code rho(1, x) = E[rho_start(Y_0) exp(-int_0^1 div b_F(Y_t, t) dt)]} over paths Y run
 *       backwards from x with drift b_F. Those paths wander off (the score pushes them away), so they are drawn
 *       instead along the backward SDE, drift {@code b_B = b - eps s}, and reweighted by Girsanov's theorem; the
 *       drifts differ by 2 eps s, and the log weight of a path becomes
 *       {@code log rho_start(Y_0) - int (div b_F + eps |s|^2) dt - sqrt(2 eps) int s . dW}. Its exponential is an
 *       unbiased estimate of rho(1, x) for any learnt b and s (so log mean exp over K paths is consistent, and the
 *       mean log weight is a lower bound by Jensen: minus its average over data is an upper bound on the
 *       cross-entropy); when s is the model's own score it is Itô's formula for log rho along the path, so the
 *       variance vanishes (up to the time step) for exact fields. Without the last (mean-zero) term it is the
 *       estimator of the authors' public code.
 * </ul>
 */
public final class Likelihood {

  /**
   * @param logLikelihood per point
   * @param bound per point mean log weight (SDE: a lower bound on the log-likelihood in expectation), else null
   * @param functionEvaluations field evaluations per point (all paths and divergence probes)
   */
  public record Estimate(double[] logLikelihood, double[] bound, long functionEvaluations) {}

  private Likelihood() {}

  /** ODE likelihood; {@code probes} 0 for the exact divergence. */
  static Estimate ode(Fields back, End start, INDArray points, Integrator integrator, int probes,
      RandomSource random) {
    int n = Math.toIntExact(points.size(0));
    int d = back.dim();
    Divergence.Field velocity = (x, u) -> back.evaluate(x, u, false)[0];
    double[][] z = probes == 0 ? null : Divergence.rademacher(probes, (long) n * d, random.split("probes"));
    LogDensityFlow flow = new LogDensityFlow(velocity, d, Divergence.DEFAULT_STEP, z);
    Integrator.IntegrationResult result = integrator.integrate(flow, LogDensityFlow.augment(points),
        integrator.grid(0, 1), random.split("integrator"), StepObserver.NONE);
    double[] logStart = start.logDensity(LogDensityFlow.state(result.state()));
    double[] l = LogDensityFlow.integratedDivergence(result.state());
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = logStart[i] + l[i];
    }
    long perCall = 1 + (probes == 0 ? 2L * d : 2L * probes);
    return new Estimate(out, null, result.functionEvaluations() * perCall);
  }

  /** SDE likelihood with {@code paths} backward paths per point. */
  static Estimate sde(Fields back, DoubleUnaryOperator epsBack, End start, INDArray points, Integrator integrator,
      int paths, int probes, RandomSource random) {
    int n = Math.toIntExact(points.size(0));
    int d = back.dim();
    int rows = n * paths;
    double[] p = Rows.values(points);
    double[] rep = new double[rows * d];
    for (int k = 0; k < paths; k++) {
      System.arraycopy(p, 0, rep, k * n * d, n * d);
    }
    // in reversed fields the backward SDE of the generation is the forward one (b + eps s), and its b_F is b - eps s
    FieldDynamics dynamics = new FieldDynamics(back, epsBack, 1);
    Divergence.Field forwardDrift = new FieldDynamics(back, epsBack, -1)::drift;
    double[][] z = probes == 0 ? null : Divergence.rademacher(probes, (long) rows * d, random.split("probes"));
    double[] acc = new double[rows];
    long[] calls = {0};
    StepObserver accumulate = (Step step) -> {
      double u = step.time();
      double h = step.dt();
      double e = epsBack.applyAsDouble(u);
      // div of the reversed b - eps s is minus div b_F of the generation
      double[] div = z == null ? Divergence.exact(forwardDrift, step.state(), u, Divergence.DEFAULT_STEP)
          : Divergence.hutchinson(forwardDrift, step.state(), u, z, Divergence.DEFAULT_STEP);
      double[] s = Rows.values(back.evaluate(step.state(), u, true)[1]);
      calls[0] += 1 + (z == null ? 2L * d : 2L * z.length);
      double[] noise = Rows.values(step.noise());
      double g = step.diffusion() * Math.sqrt(h);
      for (int r = 0; r < rows; r++) {
        double s2 = 0;
        double sz = 0;
        for (int j = 0; j < d; j++) {
          double v = s[r * d + j];
          s2 += v * v;
          sz += v * noise[r * d + j];
        }
        acc[r] += h * (div[r] - e * s2) - g * sz;
      }
    };
    Integrator.IntegrationResult result = integrator.integrate(dynamics, Rows.matrix(rep, rows, d),
        integrator.grid(0, 1), random.split("integrator"), accumulate);
    double[] logStart = start.logDensity(result.state());
    double[] estimate = new double[n];
    double[] bound = new double[n];
    double[] w = new double[paths];
    for (int i = 0; i < n; i++) {
      double mean = 0;
      for (int k = 0; k < paths; k++) {
        int r = k * n + i;
        w[k] = logStart[r] + acc[r];
        mean += w[k] / paths;
      }
      estimate[i] = Rows.logSumExp(w) - Math.log(paths);
      bound[i] = mean;
    }
    long nfe = (long) paths * (result.functionEvaluations() + calls[0]);
    return new Estimate(estimate, bound, nfe);
  }
}
