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
 */
public final class FokkerPlanckDsm implements Loss {

  private final Loss dsm;
  private final double lambda;
  private final double spaceStep;
  private final double timeStep;
  private final int residualBatch;
  private final double tMin;
  private FokkerPlanckResidual residual;

  /**
   * @param dsm the denoising score matching part
   * @param lambda the weight of the mean squared residual, finite and {@code >= 0}
   * @param residualBatch points per step for the residual (0: the training batch size)
   */
  public FokkerPlanckDsm(Loss dsm, double lambda, double spaceStep, double timeStep, int residualBatch, double tMin) {
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
  }

  @Override
  public Class<SampleSupport> requires() {
    return SampleSupport.class;
  }

  @Override
  public Value evaluate(TrainingContext context) {
    Value base = dsm.evaluate(context);
    if (lambda == 0) {
      return base;
    }
    ForwardProcess forward = context.components().requireForward("loss 'dsm-fp'");
    LearnableDriftModel model = context.model();
    int n = residualBatch > 0 ? residualBatch : context.batchSize();
    ForwardPoints.Points points = ForwardPoints.draw(forward, context.support(SampleSupport.class).data(), n, tMin,
        context.random().split("fp-residual"));
    FokkerPlanckResidual.Stencil stencil = residual(forward).stencil(points.x(), points.t());
    INDArray at = stencil.points();
    INDArray times = stencil.times();
    double[] values = Rows.values(model.evaluate(at, times));
    double[] r = stencil.residual(values);
    double meanSquare = 0;
    for (double v : r) {
      meanSquare += v * v;
    }
    meanSquare /= n;
    // L = dsm + lambda / n sum_p |R_p|^2: dL/dR = 2 lambda R / n, carried to the stencil values by the adjoint
    double[] upstream = new double[r.length];
    for (int k = 0; k < r.length; k++) {
      upstream[k] = 2 * lambda * r[k] / n;
    }
    INDArray valueGradient = Rows.matrix(stencil.adjoint(values, upstream), at.size(0), at.size(1));
    INDArray gradient = base.gradient().add(model.backward(at, times, valueGradient).parameters());
    return new Value(base.loss() + lambda * meanSquare, gradient, Map.of("dsm", base.loss(), "fp_residual",
        meanSquare));
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
      all.addAll(List.of(LAMBDA, RESIDUAL_STEP, RESIDUAL_TIME_STEP, RESIDUAL_BATCH));
      return all;
    }

    @Override
    public Loss create(Settings s, ComponentContext context) {
      Loss base = dsm.create(s, context);
      context.forward().ifPresent(f -> new FokkerPlanckResidual(f, s.get(RESIDUAL_STEP), s.get(RESIDUAL_TIME_STEP),
          "loss."));
      return new FokkerPlanckDsm(base, s.get(LAMBDA), s.get(RESIDUAL_STEP), s.get(RESIDUAL_TIME_STEP),
          s.get(RESIDUAL_BATCH), s.get(DenoisingScoreMatching.T_MIN));
    }
  }

  @Override
  public String toString() {
    return "dsm-fp" + Map.of("dsm", dsm, "lambda", lambda);
  }
}
