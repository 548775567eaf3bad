package io.driftkit.sde.forward;

/**
 * VP SDE {@code dX = -beta(t)/2 X dt + s sqrt(beta(t)) dW}: alpha = exp(-B/2), sigma^2 = s^2 (1 - alpha^2), prior
 * N(0, s^2 I). The scale s (1 in score-based diffusion) lets a sampler's prior match the target's spread.
 */
public final class VariancePreserving extends LinearForwardProcess {

  private final BetaSchedule beta;
  private final double scale;

  public VariancePreserving(BetaSchedule beta, double horizon) {
    this(beta, horizon, 1.0);
  }

  public VariancePreserving(BetaSchedule beta, double horizon, double scale) {
    super(horizon);
    this.beta = beta;
    this.scale = scale;
  }

  @Override
  public double driftRate(double t) {
    return 0.5 * beta.beta(t);
  }

  @Override
  public double diffusion(double t) {
    return scale * Math.sqrt(beta.beta(t));
  }

  @Override
  public double alpha(double t) {
    return Math.exp(-0.5 * beta.integral(t));
  }

  @Override
  public double sigma(double t) {
    // 1 - exp(-B) without cancellation for small t
    return scale * Math.sqrt(-Math.expm1(-beta.integral(t)));
  }

  @Override
  protected double priorStd() {
    return scale;
  }
}
