package io.driftkit.deterministic.sampler;

import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.diffusion.Predictions;
import io.driftkit.toolkit.integrate.NoiseBuffer;

/**
 * The EDM samplers of Karras et al. (2022), Algorithms 1 and 2, for any linear process: in the scaled state
 * {@code x~ = x / alpha} with noise level {@code sigma~ = sigma / alpha} every linear process is the sigma-parametrised
 * {@code x~ = x_0 + sigma~ z}, and the probability flow is {@code dx~/dsigma~ = (x~ - D(x~; sigma~)) / sigma~} with
 * the denoiser D = E[X_0 | x] (for VE, alpha = 1, this is the paper's setting verbatim). The grid is Karras's
 * {@code sigma_i = (smax^(1/rho) + i/(N-1) (smin^(1/rho) - smax^(1/rho)))^rho} for i < N, then sigma_N = 0; each step
 * is Euler with Heun's correction on every step but the last (NFE = 2N - 1), or plain Euler (NFE = N). Algorithm 2's
 * churn: {@code gamma_i = min(S_churn / N, sqrt(2) - 1)} where sigma_i lies in [S_tmin, S_tmax], raising the noise
 * level to {@code (1 + gamma_i) sigma_i} (capped at the horizon's, where the process ends) with fresh noise of scale
 * S_noise before the step.
 */
public final class Edm extends ReversalSampler {

  /** Euler with Heun's correction, or Euler alone. */
  public enum Solver { HEUN, EULER }

  private final double sigmaMin;
  private final double sigmaMax;
  private final double rho;
  private final Solver solver;
  private final double churn;
  private final double churnMin;
  private final double churnMax;
  private final double churnNoise;

  /**
   * @param sigmaMax the largest noise level, or 0 for the forward process's own at its horizon
   */
  public Edm(int steps, double sigmaMin, double sigmaMax, double rho, Solver solver, double churn, double churnMin,
      double churnMax, double churnNoise) {
    super("edm", steps, 2);
    if (!(rho > 0) || !Double.isFinite(rho)) {
      throw new ConfigException("invalid value '" + rho + "' for key 'integrator.rho': must be a finite number > 0");
    }
    if (!(sigmaMin > 0)) {
      throw new ConfigException("invalid value '" + sigmaMin + "' for key 'integrator.sigma-min': must be > 0");
    }
    if (sigmaMax != 0 && !(sigmaMin < sigmaMax)) {
      throw new ConfigException("invalid value '" + sigmaMin + "' for key 'integrator.sigma-min': must be below"
          + " integrator.sigma-max = " + sigmaMax);
    }
    if (!(churn >= 0) || !(churnNoise >= 0) || !(churnMin <= churnMax)) {
      throw new ConfigException("integrator 'edm' needs s-churn >= 0, s-noise >= 0 and s-tmin <= s-tmax, got "
          + churn + ", " + churnNoise + ", " + churnMin + ", " + churnMax);
    }
    this.sigmaMin = sigmaMin;
    this.sigmaMax = sigmaMax;
    this.rho = rho;
    this.solver = solver;
    this.churn = churn;
    this.churnMin = churnMin;
    this.churnMax = churnMax;
    this.churnNoise = churnNoise;
  }

  @Override
  protected boolean needsLinearProcess() {
    return true;
  }

  @Override
  public Kind kind() {
    return churn > 0 ? Kind.SDE : Kind.ODE;
  }

  @Override
  public void validate(Dynamics dynamics) {
    super.validate(dynamics);
    sigmas(new NoiseSchedule(reversal(dynamics).forward()));
  }

  /**
   * The N + 1 noise levels sigma~_0 > ... > sigma~_{N-1} = sigma-min > sigma~_N = 0; sigma~_0 is the horizon's own
   * (equal to sigma-max where that is given).
   */
  public double[] sigmas(NoiseSchedule ns) {
    double top = ns.noiseToSignal(ns.horizon());
    double max = sigmaMax == 0 ? top : sigmaMax;
    if (Math.abs(max - top) > 1e-6 * top) {
      throw new ConfigException("invalid value '" + sigmaMax + "' for key 'integrator.sigma-max': the forward process"
          + " reaches sigma/alpha = " + top + " at its horizon, where sampling starts from its prior; set 0 (the"
          + " default) to use it, or change the forward process");
    }
    if (!(sigmaMin < max)) {
      throw new ConfigException("invalid value '" + sigmaMin + "' for key 'integrator.sigma-min': must be below"
          + " sigma-max = " + max);
    }
    int n = steps();
    double[] s = new double[n + 1];
    double a = Math.pow(max, 1 / rho);
    double b = Math.pow(sigmaMin, 1 / rho);
    for (int i = 0; i < n; i++) {
      s[i] = Math.pow(a + (double) i / (n - 1) * (b - a), rho);
    }
    s[0] = top;
    s[n - 1] = sigmaMin;
    s[n] = 0;
    return s;
  }

  /** The churn gamma_i of a step starting at noise level sigma. */
  public double gamma(double sigma) {
    return sigma >= churnMin && sigma <= churnMax ? Math.min(churn / steps(), Math.sqrt(2) - 1) : 0;
  }

  @Override
  protected double[] sample(Run run, double[] x, double start, double end, RandomSource random) {
    NoiseSchedule ns = new NoiseSchedule(run.forward());
    double[] sigma = sigmas(ns);
    double top = sigma[0];
    double[] time = new double[sigma.length];
    for (int i = 0; i < sigma.length; i++) {
      time[i] = i == 0 ? ns.horizon() : ns.timeOfNoiseToSignal(sigma[i]);
    }
    int len = x.length;
    // x~ = x / alpha, the state in EDM's scale
    double[] xs = x;
    double alphaStart = ns.alpha(time[0]);
    for (int j = 0; j < len; j++) {
      xs[j] /= alphaStart;
    }
    double[] z = churn > 0 ? new double[len] : null;
    double[] lifted = churn > 0 ? new double[len] : null;
    double[] slope = new double[len];
    double[] slope2 = new double[len];
    double[] next = new double[len];
    double[] state = new double[len];
    double[] reported = new double[len];
    double[] mean = new double[len];
    Slope scratch = new Slope(len);
    for (int i = 0; i < steps(); i++) {
      double gamma = gamma(sigma[i]);
      double sigmaHat = Math.min((1 + gamma) * sigma[i], top);
      double tHat = sigmaHat == sigma[i] ? time[i] : ns.timeOfNoiseToSignal(sigmaHat);
      boolean churned = sigmaHat > sigma[i];
      double lift = 0;
      double[] xHat = xs;
      if (churned) {
        NoiseBuffer.fill(z, random);
        lift = Math.sqrt(sigmaHat * sigmaHat - sigma[i] * sigma[i]) * churnNoise;
        for (int j = 0; j < len; j++) {
          lifted[j] = xs[j] + lift * z[j];
        }
        xHat = lifted;
      }
      double h = sigma[i + 1] - sigmaHat;
      scratch.of(run, ns, xHat, sigmaHat, tHat, slope);
      for (int j = 0; j < len; j++) {
        next[j] = xHat[j] + h * slope[j];
      }
      if (solver == Solver.HEUN && sigma[i + 1] > 0) {
        scratch.of(run, ns, next, sigma[i + 1], time[i + 1], slope2);
        for (int j = 0; j < len; j++) {
          next[j] = xHat[j] + 0.5 * h * slope[j] + 0.5 * h * slope2[j];
        }
      }
      // report in the process's own scale x = alpha x~
      double alphaNow = ns.alpha(time[i]);
      double alphaNext = ns.alpha(time[i + 1]);
      double noiseNext = lift * alphaNext;
      for (int j = 0; j < len; j++) {
        state[j] = xs[j] * alphaNow;
        reported[j] = next[j] * alphaNext;
        mean[j] = churned ? reported[j] - z[j] * noiseNext : reported[j];
      }
      run.step(time[i], time[i + 1], state, reported, mean, churned ? z : null, noiseNext);
      for (int j = 0; j < len; j++) {
        xs[j] = reported[j] / alphaNext;
      }
    }
    double alphaEnd = ns.alpha(time[steps()]);
    for (int j = 0; j < len; j++) {
      xs[j] *= alphaEnd;
    }
    return xs;
  }

  /**
   * {@code (x~ - D(x~; sigma~)) / sigma~ = -sigma s(alpha x~, t)}: the noise prediction, through the denoiser, with
   * its two buffers.
   */
  private static final class Slope {
    private final double[] x;
    private final double[] score;

    Slope(int length) {
      x = new double[length];
      score = new double[length];
    }

    void of(Run run, NoiseSchedule ns, double[] xs, double sigmaTilde, double t, double[] out) {
      double alpha = ns.alpha(t);
      for (int j = 0; j < xs.length; j++) {
        x[j] = xs[j] * alpha;
      }
      run.score(x, t, score);
      Predictions.data(x, score, alpha, ns.sigma(t), out);
      for (int j = 0; j < xs.length; j++) {
        out[j] = (xs[j] - out[j]) / sigmaTilde;
      }
    }
  }
}
