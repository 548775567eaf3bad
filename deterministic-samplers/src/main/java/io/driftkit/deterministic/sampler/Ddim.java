package io.driftkit.deterministic.sampler;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.integrate.NoiseBuffer;

/**
 * DDIM (Song, Meng and Ermon 2021, eq. 12) for any linear process {@code X_t = alpha X_0 + sigma Z}: from the score s
 * at (x, t), {@code x0 = (x + sigma^2 s) / alpha} and {@code eps = -sigma s}; then
 * {@code x' = alpha' x0 + sqrt(sigma'^2 - c^2) eps + c z} with
 * {@code c^2 = eta^2 sigma'^2 (sigma^2 - kappa^2 sigma'^2) / sigma^2}, {@code kappa = alpha / alpha'}: the posterior
 * variance of the forward kernel, which for VP ({@code sigma^2 = 1 - alpha^2}) is the paper's
 * {@code (1 - abar/abar') (1 - abar') / (1 - abar)}. eta = 0 is deterministic (the probability flow's exponential
 * Euler step); eta = 1 is the DDPM ancestral sampler with the posterior variance. One NFE per step.
 */
public final class Ddim extends ReversalSampler {

  private final double eta;
  private final StepSchedule schedule;

  public Ddim(int steps, double eta, StepSchedule schedule) {
    super("ddim", steps, 1);
    if (!(eta >= 0) || !Double.isFinite(eta)) {
      throw new IllegalArgumentException("integrator.eta must be a finite number >= 0, got " + eta);
    }
    this.eta = eta;
    this.schedule = schedule;
  }

  @Override
  protected boolean needsLinearProcess() {
    return true;
  }

  @Override
  public Kind kind() {
    return eta == 0 ? Kind.ODE : Kind.SDE;
  }

  /**
   * One step's law {@code x' = a x + b s(x, t) + c z}.
   *
   * @param a the factor on the state
   * @param b the factor on the score
   * @param c the standard deviation of the fresh noise
   */
  public record StepLaw(double a, double b, double c) {}

  /** The law of the step from t down to tNext. */
  public StepLaw law(NoiseSchedule ns, double t, double tNext) {
    double alpha = ns.alpha(t);
    double sigma = ns.sigma(t);
    double alphaNext = ns.alpha(tNext);
    double sigmaNext = ns.sigma(tNext);
    double kappa = alpha / alphaNext;
    double posterior = sigmaNext * sigmaNext * (1 - kappa * kappa * sigmaNext * sigmaNext / (sigma * sigma));
    double c = eta * Math.sqrt(Math.max(0, posterior));
    double keep = Math.sqrt(Math.max(0, sigmaNext * sigmaNext - c * c));
    // alpha' x0 + keep eps = (alpha'/alpha) x + ((alpha'/alpha) sigma^2 - keep sigma) s
    double ratio = alphaNext / alpha;
    StepLaw law = new StepLaw(ratio, ratio * sigma * sigma - keep * sigma, c);
    if (!Double.isFinite(law.a()) || !Double.isFinite(law.b()) || !Double.isFinite(law.c())) {
      throw new IllegalStateException("integrator 'ddim': the step from t = " + t + " to " + tNext + " has no finite"
          + " coefficients (alpha " + alpha + ", sigma " + sigma + ")");
    }
    return law;
  }

  @Override
  protected double[] sample(Run run, double[] x, double start, double end, RandomSource random) {
    NoiseSchedule ns = new NoiseSchedule(run.forward());
    double[] t = schedule.times(run.forward(), start, end, steps());
    double[] s = new double[x.length];
    double[] mean = new double[x.length];
    double[] next = new double[x.length];
    double[] z = eta > 0 ? new double[x.length] : null;
    for (int k = 0; k < steps(); k++) {
      StepLaw law = law(ns, t[k], t[k + 1]);
      run.score(x, t[k], s);
      boolean noisy = law.c() > 0;
      if (noisy) {
        NoiseBuffer.fill(z, random);
      }
      for (int i = 0; i < x.length; i++) {
        mean[i] = law.a() * x[i] + law.b() * s[i];
        next[i] = noisy ? mean[i] + law.c() * z[i] : mean[i];
      }
      run.step(t[k], t[k + 1], x, next, mean, noisy ? z : null, law.c());
      double[] swap = x;
      x = next;
      next = swap;
    }
    return x;
  }
}
