package io.driftkit.sde;

import io.driftkit.api.Components;
import io.driftkit.api.DataSource;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.sde.fp.FokkerPlanckResidual;
import io.driftkit.sde.fp.ForwardPoints;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.sde.integrate.ExponentialEuler;
import io.driftkit.sde.integrate.StochasticHeun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The ODE–SDE gap of a score model (Deveney, Stanczuk, Kreusser, Budd and Schönlieb): the first {@code gap-n} prior
 * draws of the run are carried to t-min twice, by the reverse SDE and by the probability-flow ODE, with one
 * discretisation for both ({@code gap-integrator} on {@code gap-steps} uniform steps; the ODE is the same step with
 * the noise switched off: Euler–Maruyama gives Euler, stochastic Heun gives Heun, exponential Euler–Maruyama gives
 * exponential Euler), so the difference of the two sets is the model's and not the solvers'. The host compares the
 * pair ({@link Method.SamplerPair}); this class also reports the mean squared Fokker–Planck residual of the score
 * along the forward process, whose size bounds the gap (the paper's theorem), at {@code gap-residual-n} points
 * drawn from the training data with t uniform on [t-min, T].
 */
public record OdeSdeGap(int n, int steps, GapIntegrator integrator, int residualN, double residualStep,
    double residualTimeStep) {

  /** The step both samplers of the report take. */
  public enum GapIntegrator { EULER_MARUYAMA, EXPONENTIAL, STOCHASTIC_HEUN }

  /** Field evaluations one residual call may stack (keeps the stencil of high-dimensional targets in memory). */
  static final int RESIDUAL_CHUNK_EVALUATIONS = 50_000;

  static final Setting<Integer> N = Setting.integer("gap-n", 1000,
      "prior draws carried by both the reverse SDE and the probability-flow ODE for the ODE-SDE gap report (0: no"
          + " report)").atLeast(0);
  static final Setting<Integer> STEPS = Setting.integer("gap-steps", 500,
      "uniform steps of both samplers of the gap report").atLeast(1);
  static final Setting<GapIntegrator> INTEGRATOR = Setting.choice("gap-integrator", GapIntegrator.EULER_MARUYAMA,
      "the step of both samplers of the gap report, the ODE's with the noise off: euler-maruyama (Euler),"
          + " stochastic-heun (Heun) or exponential (exponential Euler; linear processes)");
  static final Setting<Integer> RESIDUAL_N = Setting.integer("gap-residual-n", 500,
      "points along the forward process for the mean squared Fokker-Planck residual (0: not reported); each costs"
          + " 2 d^2 + 3 model evaluations").atLeast(0);
  static final Setting<Double> RESIDUAL_STEP = Setting.real("gap-residual-step",
      FokkerPlanckResidual.DEFAULT_SPACE_STEP, "spatial finite-difference step of the reported residual");
  static final Setting<Double> RESIDUAL_TIME_STEP = Setting.real("gap-residual-time-step",
      FokkerPlanckResidual.DEFAULT_TIME_STEP, "relative time step of the reported residual");
  static final List<Setting<?>> SETTINGS = List.of(N, STEPS, INTEGRATOR, RESIDUAL_N, RESIDUAL_STEP,
      RESIDUAL_TIME_STEP);

  /** No report. */
  public static final OdeSdeGap NONE = new OdeSdeGap(0, 1, GapIntegrator.EULER_MARUYAMA, 0,
      FokkerPlanckResidual.DEFAULT_SPACE_STEP, FokkerPlanckResidual.DEFAULT_TIME_STEP);

  static OdeSdeGap from(Settings s) {
    return new OdeSdeGap(s.get(N), s.get(STEPS), s.get(INTEGRATOR), s.get(RESIDUAL_N), s.get(RESIDUAL_STEP),
        s.get(RESIDUAL_TIME_STEP));
  }

  /** Refuses, before the run starts, what the report could not do with these components. */
  void validate(Components components) {
    ForwardProcess forward = components.requireForward("method 'score-sde'");
    if (n > 0 && integrator == GapIntegrator.EXPONENTIAL && forward.linear().isEmpty()) {
      throw new ConfigException("invalid value 'exponential' for key 'method.gap-integrator': it solves the linear"
          + " part of the drift exactly, and this forward process has none; use euler-maruyama or stochastic-heun");
    }
    if (residualN > 0) {
      new FokkerPlanckResidual(forward, residualStep, residualTimeStep, "method.gap-");
    }
  }

  /** The pair of sample sets and the residual report. */
  record Report(Method.SamplerPair pair, Map<String, Number> metrics) {}

  /**
   * @param start the run's prior draws; the first {@code gap-n} start both samplers
   * @param score the model as a score, for the samplers
   * @param field the model as a score with a time per row, for the residual
   * @param data samples of the data the residual's points start from, if the run has any
   */
  Report evaluate(ScoreSdeMethod method, ForwardProcess forward, INDArray start, ForwardProcess.ScoreFunction score,
      FokkerPlanckResidual.Field field, Optional<DataSource> data, RandomSource random) {
    Map<String, Number> metrics = new LinkedHashMap<>();
    Method.SamplerPair pair = null;
    int d = Math.toIntExact(start.size(1));
    if (n > 0) {
      int m = (int) Math.min(n, start.size(0));
      INDArray x0 = start.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()).dup();
      Integrator step = stepper();
      TimeGrid grid = method.solverGrid(step, forward.horizon());
      INDArray sde = step.integrate(forward.reverse(score, d, true), x0, grid, random.split("gap-sde"),
          StepObserver.NONE).state();
      INDArray ode = step.integrate(forward.reverse(score, d, false), x0, grid, random.split("gap-ode"),
          StepObserver.NONE).state();
      pair = new Method.SamplerPair(sde, ode);
      metrics.put("gap_n", m);
      metrics.put("gap_steps", steps);
    }
    if (residualN > 0 && data.isPresent()) {
      residual(forward, field, data.get(), method.tMin(), random.split("gap-residual"), metrics);
    }
    return new Report(pair, metrics);
  }

  private Integrator stepper() {
    return switch (integrator) {
      case EULER_MARUYAMA -> new EulerMaruyama(steps, TimeGrid.Spacing.UNIFORM);
      case EXPONENTIAL -> new ExponentialEuler(steps, TimeGrid.Spacing.UNIFORM);
      case STOCHASTIC_HEUN -> new StochasticHeun(steps, TimeGrid.Spacing.UNIFORM);
    };
  }

  /** Mean over points of |R|^2 with its standard error, in chunks of at most {@link #RESIDUAL_CHUNK_EVALUATIONS}. */
  private void residual(ForwardProcess forward, FokkerPlanckResidual.Field field, DataSource data, double tMin,
      RandomSource random, Map<String, Number> metrics) {
    FokkerPlanckResidual fp = new FokkerPlanckResidual(forward, residualStep, residualTimeStep, "method.gap-");
    ForwardPoints.Points points = ForwardPoints.draw(forward, data, residualN, tMin, random);
    int d = data.dim();
    int chunk = Math.max(1, RESIDUAL_CHUNK_EVALUATIONS / FokkerPlanckResidual.evaluationsPerPoint(d));
    double sum = 0;
    double sumSquares = 0;
    for (int from = 0; from < residualN; from += chunk) {
      int to = Math.min(residualN, from + chunk);
      INDArray x = points.x().get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
      double[] r = fp.residual(field, x, java.util.Arrays.copyOfRange(points.t(), from, to));
      for (int p = 0; p < to - from; p++) {
        double norm2 = 0;
        for (int k = 0; k < d; k++) {
          norm2 += r[p * d + k] * r[p * d + k];
        }
        sum += norm2;
        sumSquares += norm2 * norm2;
      }
    }
    double mean = sum / residualN;
    double variance = residualN > 1 ? Math.max(0, (sumSquares - residualN * mean * mean) / (residualN - 1)) : 0;
    metrics.put("fp_residual_ms", mean);
    metrics.put("fp_residual_ms_se", Math.sqrt(variance / residualN));
    metrics.put("fp_residual_n", residualN);
  }
}
