package io.driftkit.sde;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.SampleSupport;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.sde.fp.FokkerPlanckResidual;
import io.driftkit.sde.fp.ForwardPoints;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Denoising score matching regularised by the Fokker–Planck residual (Deveney, Stanczuk, Kreusser, Budd and
 * Schönlieb): {@code L = dsm + lambda E |R(x_t, t)|^2}, R the residual of the model as a score
 * ({@link FokkerPlanckResidual}), over points drawn along the forward process from the training data with t uniform
 * on [t-min, T]. The residual's gradient is exact for its finite-difference stencil: every stencil point is a model
 * evaluation, so dL/dtheta is one backward pass over the stacked stencil with the residual's adjoint as output
 * gradient. The residual's points come from the stream {@code fp-residual}, so the denoising part sees the same
 * batches as plain {@code dsm} at every lambda; at lambda = 0 the residual is not computed.
 *
 * <p>{@link Options} follow what is principled in the authors' setup and where it departs from it: residual points
 * uniform on a box ({@code residual-points = box}, as in their code) instead of along the forward process; the
 * residual made dimensionless per time ({@code residual-weight = scaled}: R sigma_t^3 / g_t^2, in the units of the
 * sigma^2-weighted dsm, so lambda is a ratio of two O(1) terms at every t); and a schedule for lambda (plain dsm
 * for {@code fp-start} steps, then a linear ramp over {@code fp-ramp} steps; the authors train jointly from the
 * first step).
 */
public final class FokkerPlanckDsm implements Loss {

  private final Loss dsm;
  private final double lambda;
  private final double spaceStep;
  private final double timeStep;
  private final int residualBatch;
  private final double tMin;
  private final Options options;
  private FokkerPlanckResidual residual;

  /** Where the residual is evaluated. */
  public enum Points {
    /** x_t of the forward process from the training data, t uniform on [t-min, T]. */
    FORWARD,
    /** Uniform on the box {@code [-box, box]^d}, t uniform on [t-min, T]. */
    BOX
  }

  /** How each point's residual is weighted. */
  public enum Weight {
    /** |R|^2 as it is. */
    NONE,
    /** |R sigma_t^3 / g_t^2|^2: the residual in units of the time scale sigma^2 / g^2 and the score scale 1 / sigma. */
    SCALED
  }

  /**
   * The regulariser's options.
   *
   * @param points where the residual is evaluated
   * @param box the half-width of the box for {@link Points#BOX}
   * @param weight the per-time weight of the residual
   * @param start steps of plain dsm before the residual term is switched on
   * @param ramp steps over which lambda then rises linearly to its value (0: at once)
   */
  public record Options(Points points, double box, Weight weight, int start, int ramp) {
    /** The residual along the forward process, unweighted, from the first step. */
    public static final Options PLAIN = new Options(Points.FORWARD, 4, Weight.NONE, 0, 0);

    public Options {
      if (!(box > 0) || !Double.isFinite(box)) {
        throw new ConfigException("invalid value '" + box + "' for key 'loss.residual-box': expected a finite"
            + " half-width > 0");
      }
      if (start < 0) {
        throw new ConfigException("invalid value '" + start + "' for key 'loss.fp-start': expected >= 0");
      }
      if (ramp < 0) {
        throw new ConfigException("invalid value '" + ramp + "' for key 'loss.fp-ramp': expected >= 0");
      }
    }

    /** The fraction of lambda in force at a training step (0 before {@code start}, then up to 1 over {@code ramp}). */
    public double fraction(int step) {
      if (step < start) {
        return 0;
      }
      return ramp == 0 ? 1 : Math.min(1.0, (step - start + 1.0) / ramp);
    }
  }

  /**
   * @param dsm the denoising score matching part
   * @param lambda the weight of the mean squared residual, finite and {@code >= 0}
   * @param residualBatch points per step for the residual (0: the training batch size)
   */
  public FokkerPlanckDsm(Loss dsm, double lambda, double spaceStep, double timeStep, int residualBatch, double tMin) {
    this(dsm, lambda, spaceStep, timeStep, residualBatch, tMin, Options.PLAIN);
  }

  /** As the shorter constructor, with the regulariser's {@link Options}. */
  public FokkerPlanckDsm(Loss dsm, double lambda, double spaceStep, double timeStep, int residualBatch, double tMin,
      Options options) {
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new ConfigException("invalid value '" + lambda + "' for key 'loss.lambda': expected a finite weight >= 0");
    }
    if (residualBatch < 0) {
      throw new ConfigException("invalid value '" + residualBatch + "' for key 'loss.residual-batch': expected >= 0");
    }
    this.dsm = dsm;
    this.lambda = lambda;
    this.spaceStep = spaceStep;
    this.timeStep = timeStep;
    this.residualBatch = residualBatch;
    this.tMin = tMin;
    this.options = options;
  }

  @Override
  public Class<SampleSupport> requires() {
    return SampleSupport.class;
  }

  @Override
  public Value evaluate(TrainingContext context) {
    Value base = dsm.evaluate(context);
    double weight = lambda * options.fraction(context.step());
    if (weight == 0) {
      return base;
    }
    ForwardProcess forward = context.components().requireForward("loss 'dsm-fp'");
    LearnableDriftModel model = context.model();
    int n = residualBatch > 0 ? residualBatch : context.batchSize();
    ForwardPoints.Points points = draw(forward, context, n);
    FokkerPlanckResidual.Stencil stencil = residual(forward).stencil(points.x(), points.t());
    INDArray at = stencil.points();
    INDArray times = stencil.times();
    double[] values = Rows.values(model.evaluate(at, times));
    double[] r = stencil.residual(values);
    int d = r.length / n;
    double[] w2 = new double[n];
    double meanSquare = 0;
    for (int p = 0; p < n; p++) {
      double w = timeWeight(forward, points.t()[p]);
      w2[p] = w * w;
      for (int i = 0; i < d; i++) {
        meanSquare += w2[p] * r[p * d + i] * r[p * d + i];
      }
    }
    meanSquare /= n;
    // L = dsm + lambda / n sum_p w_p^2 |R_p|^2: dL/dR = 2 lambda w_p^2 R / n, carried to the stencil values by the
    // adjoint
    double[] upstream = new double[r.length];
    for (int k = 0; k < r.length; k++) {
      upstream[k] = 2 * weight * w2[k / d] * r[k] / n;
    }
    INDArray valueGradient = Rows.matrix(stencil.adjoint(values, upstream), at.size(0), at.size(1));
    INDArray gradient = base.gradient().add(model.backward(at, times, valueGradient).parameters());
    return new Value(base.loss() + weight * meanSquare, gradient, Map.of("dsm", base.loss(), "fp_residual",
        meanSquare, "fp_lambda", weight));
  }

  private ForwardPoints.Points draw(ForwardProcess forward, TrainingContext context, int n) {
    var random = context.random().split("fp-residual");
    if (options.points() == Points.BOX) {
      return ForwardPoints.box(n, context.model().dim(), options.box(), tMin, forward.horizon(), random);
    }
    return ForwardPoints.draw(forward, context.support(SampleSupport.class).data(), n, tMin, random);
  }

  private double timeWeight(ForwardProcess forward, double t) {
    return options.weight() == Weight.SCALED ? scaledWeight(forward, t) : 1;
  }

  /**
   * {@code sigma_t^3 / g_t^2}: the exact score varies on the length sigma_t with size 1 / sigma_t, and its law on the
   * time scale sigma_t^2 / g_t^2 (d sigma^2 / dt = g^2 - 2 a sigma^2 for drift rate a), so the residual, a score per
   * time, is of size g^2 / sigma^3 times the relative error of the score; this weight makes it a pure number.
   */
  static double scaledWeight(ForwardProcess forward, double t) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow(() -> scaledNeedsMarginals(forward));
    double sigma = lin.sigma(t);
    double g = forward.diffusion(t);
    return sigma * sigma * sigma / (g * g);
  }

  private static ConfigException scaledNeedsMarginals(ForwardProcess forward) {
    return new ConfigException("loss.residual-weight = scaled needs the closed-form marginal sigma_t of a linear"
        + " forward process, which this forward process (" + forward.getClass().getSimpleName() + ") does not give;"
        + " use loss.residual-weight = none");
  }

  private FokkerPlanckResidual residual(ForwardProcess forward) {
    if (residual == null) {
      residual = new FokkerPlanckResidual(forward, spaceStep, timeStep, "loss.");
    }
    return residual;
  }

  static final Setting<Double> LAMBDA = Setting.real("lambda", 0.1,
      "weight of the mean squared Fokker-Planck residual added to dsm (0: plain dsm)").atLeast(0);
  static final Setting<Double> RESIDUAL_STEP = Setting.real("residual-step", FokkerPlanckResidual.DEFAULT_SPACE_STEP,
      "spatial finite-difference step h of the residual (at least " + String.format(java.util.Locale.ROOT, "%.1e",
          FokkerPlanckResidual.MIN_SPACE_STEP) + ", where float64 cancellation starts to dominate)");
  static final Setting<Double> RESIDUAL_TIME_STEP = Setting.real("residual-time-step",
      FokkerPlanckResidual.DEFAULT_TIME_STEP, "relative time step kappa of the residual: d_t s from t (1 +- kappa)");
  static final Setting<Integer> RESIDUAL_BATCH = Setting.integer("residual-batch", 0,
      "points per step for the residual, each 2 d^2 + 3 model evaluations (0: train.batch)").atLeast(0);

  static final Setting<Points> RESIDUAL_POINTS = Setting.choice("residual-points", Points.FORWARD,
      "where the residual is evaluated: forward (x_t from the data along the forward process) or box (uniform on"
      + " [-residual-box, residual-box]^d, as in Deveney et al.'s code); t uniform on [t-min, T] for both");
  static final Setting<Double> RESIDUAL_BOX = Setting.real("residual-box", 4.0,
      "half-width of the box for residual-points = box").greaterThan(0);
  static final Setting<Weight> RESIDUAL_WEIGHT = Setting.choice("residual-weight", Weight.NONE,
      "per-time weight of the residual: none, or scaled (R sigma_t^3 / g_t^2, a pure number like the sigma2-weighted"
      + " dsm; linear forward processes)");
  static final Setting<Integer> FP_START = Setting.integer("fp-start", 0,
      "training steps of plain dsm before the residual term is switched on").atLeast(0);
  static final Setting<Integer> FP_RAMP = Setting.integer("fp-ramp", 0,
      "steps over which lambda then rises linearly from 0 to its value (0: at once)").atLeast(0);

  /** {@code dsm-fp}. */
  public static final class Factory implements ComponentFactory<Loss> {
    private final DenoisingScoreMatching.Factory dsm = new DenoisingScoreMatching.Factory();

    @Override
    public String description() {
      return "denoising score matching plus lambda times the mean squared Fokker-Planck residual of the score"
          + " (closes the ODE-SDE gap; Deveney et al.)";
    }

    @Override
    public List<Setting<?>> settings() {
      List<Setting<?>> all = new ArrayList<>(dsm.settings());
      all.addAll(List.of(LAMBDA, RESIDUAL_STEP, RESIDUAL_TIME_STEP, RESIDUAL_BATCH, RESIDUAL_POINTS, RESIDUAL_BOX,
          RESIDUAL_WEIGHT, FP_START, FP_RAMP));
      return all;
    }

    @Override
    public Loss create(Settings s, ComponentContext context) {
      Loss base = dsm.create(s, context);
      Options options = new Options(s.get(RESIDUAL_POINTS), s.get(RESIDUAL_BOX), s.get(RESIDUAL_WEIGHT),
          s.get(FP_START), s.get(FP_RAMP));
      context.forward().ifPresent(f -> {
        new FokkerPlanckResidual(f, s.get(RESIDUAL_STEP), s.get(RESIDUAL_TIME_STEP), "loss.");
        if (options.weight() == Weight.SCALED && f.linear().isEmpty()) {
          throw scaledNeedsMarginals(f);
        }
      });
      return new FokkerPlanckDsm(base, s.get(LAMBDA), s.get(RESIDUAL_STEP), s.get(RESIDUAL_TIME_STEP),
          s.get(RESIDUAL_BATCH), s.get(DenoisingScoreMatching.T_MIN), options);
    }
  }

  @Override
  public String toString() {
    return "dsm-fp" + Map.of("dsm", dsm, "lambda", lambda, "options", options);
  }
}
