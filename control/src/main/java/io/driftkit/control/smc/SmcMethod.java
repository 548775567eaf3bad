package io.driftkit.control.smc;

import io.driftkit.api.Components;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sequential Monte Carlo (annealed importance sampling with resampling) along the geometric path
 * {@code pi_k ∝ N(0, s^2 I)^(1 - beta_k) rho^(beta_k)} from the normalised reference to the target rho.
 *
 * <p>For k = 1..K: reweight by the incremental weights {@code pi_k / pi_(k-1)} at the current particles, resample
 * (systematic) when the normalised ESS falls below the threshold, then apply {@code moves} MALA or HMC moves that
 * leave pi_k invariant. log Z is the sum over temperatures of the log of the weighted mean incremental weight
 * ({@link WeightBook}), accumulated in float64; E[Z-hat] = Z for fixed kernels.
 *
 * <p>Step-size adaptation: the (central) step used at temperature k is set before its moves from the acceptance rate seen at
 * temperature k - 1 ({@code log h += 2 (rate - target)}), so each move is an exact pi_k-invariant kernel and the
 * estimator stays consistent; as the step depends on the particle cloud, exact unbiasedness holds only up to that
 * O(1/n) dependence ({@code adapt = false} gives the exactly unbiased estimator).
 *
 * <p>Returned log weights: with {@code final-resample = true} (default) the particles are resampled once more at the
 * end, so they are equally weighted draws and every log weight equals the log Z estimate; otherwise they are the
 * accumulated per-particle weights. In both cases {@code logsumexp(logWeights) - log n} is the SMC log Z estimate.
 */
public final class SmcMethod implements Method {

  /** Adaptation gain of {@code log step} per unit of acceptance-rate error. */
  private static final double ADAPT_GAIN = 2.0;

  private final double[] betas;
  private final double initScale;
  private final MoveKernel kernel;
  private final int moves;
  private final double initialStep;
  private final boolean adapt;
  private final double targetAcceptance;
  private final double resampleThreshold;
  private final boolean finalResample;

  /**
   * @param betas inverse temperatures from 0 to 1, increasing
   * @param leapfrog HMC leapfrog steps per move, or 0 for MALA
   * @param stepJitter J in the per-particle steps {@code h exp(J u)}, u ~ U(-1, 1); 0 for one common step
   */
  public SmcMethod(double[] betas, double initScale, int leapfrog, int moves, double initialStep, double stepJitter,
      boolean adapt, double targetAcceptance, double resampleThreshold, boolean finalResample) {
    this.betas = betas.clone();
    this.initScale = initScale;
    StepJitter jitter = new StepJitter(stepJitter);
    this.kernel = leapfrog == 0 ? new MalaKernel(jitter) : new HmcKernel(leapfrog, jitter);
    this.moves = moves;
    this.initialStep = initialStep;
    this.adapt = adapt;
    this.targetAcceptance = targetAcceptance;
    this.resampleThreshold = resampleThreshold;
    this.finalResample = finalResample;
  }

  @Override
  public void validate(Components components) {
    components.requireLogDensity("method 'smc'");
    if (!components.target().hasGradient()) {
      throw new ConfigException("method 'smc' moves particles with MALA / HMC, which need the gradient of the"
          + " target's log density; this target does not provide one (key 'target')");
    }
  }

  /** One step per temperature. */
  @Override
  public long sampleSteps(Components components, int n) {
    return betas.length - 1;
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    Target target = components.target();
    int d = target.dim();
    RandomSource init = random.split("init");
    RandomSource move = random.split("moves");
    RandomSource resampling = random.split("resample");

    double[] x0 = new double[n * d];
    for (int k = 0; k < x0.length; k++) {
      x0[k] = initScale * init.nextGaussian();
    }
    Particles p = new Particles(n, d, initScale);
    p.reset(x0, target);
    WeightBook weights = new WeightBook(n);

    double step = initialStep;
    double acceptedSum = 0;
    long moveCount = 0;
    int resamplings = 0;
    double minEss = 1;
    double[] increment = new double[n];
    for (int t = 1; t < betas.length; t++) {
      double db = betas[t] - betas[t - 1];
      for (int i = 0; i < n; i++) {
        // log pi_t - log pi_(t-1) = (beta_t - beta_(t-1)) (log rho - log N(0, s^2 I)); 0 * -inf counts as 0
        increment[i] = db == 0 ? 0 : db * (p.logRho[i] - p.logReference(p.x, i * d));
      }
      weights.reweight(increment);
      if (Double.isNaN(weights.logZ()) || weights.logZ() == Double.NEGATIVE_INFINITY) {
        throw new IllegalStateException("smc: the weights at beta = " + betas[t] + " are NaN (the target's log"
            + " density returned NaN) or all zero (its log density is -infinity at every particle)");
      }
      double ess = weights.ess();
      minEss = Math.min(minEss, ess);
      if (ess < resampleThreshold) {
        p.select(weights.resample(resampling));
        resamplings++;
      }
      double rate = 0;
      for (int m = 0; m < moves; m++) {
        rate += kernel.move(p, target, betas[t], step, move);
      }
      rate /= moves;
      observer.onStep(new Step(t - 1, betas[t], db, Rows.matrix(p.x, n, d), Rows.matrix(p.x, n, d),
          Rows.matrix(p.gradRho, n, d), 0, null));
      acceptedSum += rate * moves;
      moveCount += moves;
      if (adapt) {
        step *= Math.exp(ADAPT_GAIN * (rate - targetAcceptance));
      }
    }

    double finalEss = weights.ess();
    double logZ = weights.logZ();
    if (finalResample) {
      p.select(weights.resample(resampling));
    }
    INDArray samples = Rows.matrix(p.x, n, d);
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("log_z_smc", logZ);
    metrics.put("acceptance_rate", moveCount == 0 ? Double.NaN : acceptedSum / moveCount);
    metrics.put("resampling_steps", resamplings);
    metrics.put("ess_final", finalEss);
    metrics.put("ess_min", minEss);
    metrics.put("step_size_final", step);
    return new Sample(samples, Rows.vector(weights.logWeights()), p.gradientEvaluations(), metrics);
  }
}
