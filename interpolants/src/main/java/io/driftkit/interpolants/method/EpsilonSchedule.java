package io.driftkit.interpolants.method;

/**
 * The shape of the diffusion coefficient eps(t) of the generative SDE {@code dX = (b + eps s) dt + sqrt(2 eps) dW}:
 * {@code constant} eps, {@code sine} eps sin(pi t) (no noise at either end, where the score of a sharp end is stiff),
 * or {@code decay} eps (1 - t) (none at the data end t = 1).
 */
public enum EpsilonSchedule {
  CONSTANT, SINE, DECAY;

  /** eps(t) for scale {@code eps}. */
  public double at(double eps, double t) {
    return switch (this) {
      case CONSTANT -> eps;
      case SINE -> eps * Math.sin(Math.PI * t);
      case DECAY -> eps * (1 - t);
    };
  }
}
