package io.driftkit.sde.forward;

/**
 * Scaled Brownian motion {@code dX = s dW} (the PIS reference): alpha = 1, sigma = s sqrt(t). Its far end from
 * X_0 = 0 is N(0, s^2 T I), the prior.
 */
public final class ScaledBrownianMotion extends LinearForwardProcess {

  private final double scale;

  public ScaledBrownianMotion(double scale, double horizon) {
    super(horizon);
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scaled-bm needs scale > 0, got " + scale);
    }
    this.scale = scale;
  }

  @Override
  public double driftRate(double t) {
    return 0;
  }

  @Override
  public double diffusion(double t) {
    return scale;
  }

  @Override
  public double alpha(double t) {
    return 1;
  }

  @Override
  public double sigma(double t) {
    return scale * Math.sqrt(t);
  }

  @Override
  protected double priorStd() {
    return sigma(horizon());
  }
}
