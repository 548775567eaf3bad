package io.driftkit.interpolants.path;

/**
 * The latent-noise schedules gamma(t) of the built-in interpolants, each with its exact {@code gamma gamma'}:
 * {@code sqrt} = sqrt(c t (1 - t)) (gamma' is infinite at both ends, gamma gamma' = c (1 - 2t) / 2 is not),
 * {@code quadratic} = c t (1 - t), {@code sine-squared} = c sin^2(pi t), and {@code zero}.
 */
public enum Gamma {
  SQRT, QUADRATIC, SINE_SQUARED, ZERO;

  /** gamma(t) with scale c. */
  public double value(double c, double t) {
    return switch (this) {
      case SQRT -> Math.sqrt(Math.max(0, c * t * (1 - t)));
      case QUADRATIC -> c * t * (1 - t);
      case SINE_SQUARED -> {
        double s = Math.sin(Math.PI * t);
        yield c * s * s;
      }
      case ZERO -> 0;
    };
  }

  /** gamma(t) gamma'(t) with scale c: half the derivative of gamma^2, finite everywhere. */
  public double gammaGammaDot(double c, double t) {
    return switch (this) {
      case SQRT -> 0.5 * c * (1 - 2 * t);
      case QUADRATIC -> c * c * t * (1 - t) * (1 - 2 * t);
      case SINE_SQUARED -> {
        double s = Math.sin(Math.PI * t);
        yield c * c * Math.PI * s * s * Math.sin(2 * Math.PI * t);
      }
      case ZERO -> 0;
    };
  }

  /** max over [0, 1] of gamma with scale c (at t = 1/2 for every shape here). */
  public double max(double c) {
    return value(c, 0.5);
  }
}
