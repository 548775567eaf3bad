package io.driftkit.sde.forward;

/**
 * VP SDE {@code dX = -beta(t)/2 X dt + sqrt(beta(t)) dW}: alpha = exp(-B/2), sigma^2 = 1 - alpha^2, prior N(0, I).
 */
public final class VariancePreserving extends LinearForwardProcess {

  private final BetaSchedule beta;

  public VariancePreserving(BetaSchedule beta, double horizon) {
    super(horizon);
    this.beta = beta;
  }

  @Override
  public double driftRate(double t) {
    return 0.5 * beta.beta(t);
  }

  @Override
  public double diffusion(double t) {
    return Math.sqrt(beta.beta(t));
  }

  @Override
  public double alpha(double t) {
    return Math.exp(-0.5 * beta.integral(t));
  }

  @Override
  public double sigma(double t) {
    // 1 - exp(-B) without cancellation for small t
    return Math.sqrt(-Math.expm1(-beta.integral(t)));
  }

  @Override
  protected double priorStd() {
    return 1.0;
  }
}
