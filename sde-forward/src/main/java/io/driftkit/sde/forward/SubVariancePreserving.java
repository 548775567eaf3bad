package io.driftkit.sde.forward;

/**
 * sub-VP SDE (Song et al. 2021): the VP drift with diffusion {@code sqrt(beta (1 - exp(-2B)))}; alpha = exp(-B/2) and
 * marginal std {@code 1 - alpha^2 = 1 - exp(-B)}, always below the VP one. Prior N(0, I).
 */
public final class SubVariancePreserving extends LinearForwardProcess {

  private final BetaSchedule beta;

  public SubVariancePreserving(BetaSchedule beta, double horizon) {
    super(horizon);
    this.beta = beta;
  }

  @Override
  public double driftRate(double t) {
    return 0.5 * beta.beta(t);
  }

  @Override
  public double diffusion(double t) {
    return Math.sqrt(beta.beta(t) * -Math.expm1(-2 * beta.integral(t)));
  }

  @Override
  public double alpha(double t) {
    return Math.exp(-0.5 * beta.integral(t));
  }

  @Override
  public double sigma(double t) {
    return -Math.expm1(-beta.integral(t));
  }

  @Override
  protected double priorStd() {
    return 1.0;
  }
}
