package io.driftkit.sde.forward;

/**
 * VE SDE {@code dX = sqrt(d[s(t)^2]/dt) dW} with the geometric noise level {@code s(t) = sMin (sMax / sMin)^t}.
 * Started from the data at t = 0 the marginal variance is {@code s(t)^2 - sMin^2} (Song et al. 2021, eq. 30); that
 * exact value is {@link #sigma}, where docs/references.md writes the common approximation s(t). Prior N(0, sigma(T)^2 I).
 */
public final class VarianceExploding extends LinearForwardProcess {

  private final double sigmaMin;
  private final double logRatio;

  public VarianceExploding(double sigmaMin, double sigmaMax, double horizon) {
    super(horizon);
    if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
      throw new IllegalArgumentException("VE needs 0 < sigma-min < sigma-max, got " + sigmaMin + ", " + sigmaMax);
    }
    this.sigmaMin = sigmaMin;
    this.logRatio = Math.log(sigmaMax / sigmaMin) / horizon;
  }

  /** The noise level s(t) of the schedule. */
  public double noiseLevel(double t) {
    return sigmaMin * Math.exp(logRatio * t);
  }

  @Override
  public double driftRate(double t) {
    return 0;
  }

  @Override
  public double diffusion(double t) {
    return noiseLevel(t) * Math.sqrt(2 * logRatio);
  }

  @Override
  public double alpha(double t) {
    return 1;
  }

  @Override
  public double sigma(double t) {
    // s(t)^2 - sMin^2 = sMin^2 (exp(2 r t) - 1)
    return sigmaMin * Math.sqrt(Math.expm1(2 * logRatio * t));
  }

  @Override
  protected double priorStd() {
    return sigma(horizon());
  }
}
