package io.driftkit.sde.forward;

/**
 * Ornstein–Uhlenbeck {@code dX = -theta X dt + s dW}: alpha = exp(-theta t),
 * {@code sigma^2 = s^2 (1 - exp(-2 theta t)) / (2 theta)}; prior the stationary law N(0, s^2 / (2 theta) I).
 */
public final class OrnsteinUhlenbeck extends LinearForwardProcess {

  private final double theta;
  private final double scale;

  public OrnsteinUhlenbeck(double theta, double scale, double horizon) {
    super(horizon);
    if (!(theta > 0) || !(scale > 0)) {
      throw new IllegalArgumentException("OU needs theta > 0 and scale > 0, got " + theta + ", " + scale);
    }
    this.theta = theta;
    this.scale = scale;
  }

  @Override
  public double driftRate(double t) {
    return theta;
  }

  @Override
  public double diffusion(double t) {
    return scale;
  }

  @Override
  public double alpha(double t) {
    return Math.exp(-theta * t);
  }

  @Override
  public double sigma(double t) {
    return scale * Math.sqrt(-Math.expm1(-2 * theta * t) / (2 * theta));
  }

  @Override
  protected double priorStd() {
    return scale / Math.sqrt(2 * theta);
  }
}
