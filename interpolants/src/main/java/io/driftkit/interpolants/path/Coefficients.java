package io.driftkit.interpolants.path;

import io.driftkit.api.Interpolant;

/**
 * A built-in interpolant: its (a, b) path and its gamma schedule, with the exact derivatives.
 *
 * @param name the registered name, for messages
 * @param path the deterministic part
 * @param gamma the noise schedule
 * @param scale the noise scale c
 * @param base what x0 is
 */
public record Coefficients(String name, Path path, Gamma gamma, double scale, Interpolant.Base base)
    implements Interpolant {

  /** The (a, b) part of an interpolant; the trigonometric one depends on gamma (a^2 + b^2 + gamma^2 = 1). */
  public enum Path {
    /** a = 1 - t, b = t. */
    LINEAR,
    /** a = sqrt(1 - gamma^2) cos(pi t / 2), b = sqrt(1 - gamma^2) sin(pi t / 2): needs gamma < 1. */
    TRIGONOMETRIC,
    /** a = cos^2(pi t) on [0, 1/2), b = cos^2(pi t) on (1/2, 1], zero elsewhere: x_1/2 = gamma(1/2) z. */
    ENCODER_DECODER,
    /** a = 0, b = 1: with x0 = x1 (mirror) the interpolant is x1 + gamma z. */
    IDENTITY
  }

  private double gamma(double t, boolean squared) {
    double g = gamma.value(scale, t);
    return squared ? g * g : g;
  }

  /** sqrt(1 - gamma^2) and its derivative, for the trigonometric path. */
  private double[] root(double t) {
    double r = Math.sqrt(1 - gamma(t, true));
    return new double[] {r, -gamma.gammaGammaDot(scale, t) / r};
  }

  @Override
  public double a(double t) {
    return switch (path) {
      case LINEAR -> 1 - t;
      case TRIGONOMETRIC -> root(t)[0] * Math.cos(0.5 * Math.PI * t);
      case ENCODER_DECODER -> t < 0.5 ? square(Math.cos(Math.PI * t)) : 0;
      case IDENTITY -> 0;
    };
  }

  @Override
  public double b(double t) {
    return switch (path) {
      case LINEAR -> t;
      case TRIGONOMETRIC -> root(t)[0] * Math.sin(0.5 * Math.PI * t);
      case ENCODER_DECODER -> t > 0.5 ? square(Math.cos(Math.PI * t)) : 0;
      case IDENTITY -> 1;
    };
  }

  @Override
  public double aDot(double t) {
    return switch (path) {
      case LINEAR -> -1;
      case TRIGONOMETRIC -> {
        double[] r = root(t);
        double h = 0.5 * Math.PI * t;
        yield r[1] * Math.cos(h) - 0.5 * Math.PI * r[0] * Math.sin(h);
      }
      case ENCODER_DECODER -> t < 0.5 ? -Math.PI * Math.sin(2 * Math.PI * t) : 0;
      case IDENTITY -> 0;
    };
  }

  @Override
  public double bDot(double t) {
    return switch (path) {
      case LINEAR -> 1;
      case TRIGONOMETRIC -> {
        double[] r = root(t);
        double h = 0.5 * Math.PI * t;
        yield r[1] * Math.sin(h) + 0.5 * Math.PI * r[0] * Math.cos(h);
      }
      case ENCODER_DECODER -> t > 0.5 ? -Math.PI * Math.sin(2 * Math.PI * t) : 0;
      case IDENTITY -> 0;
    };
  }

  @Override
  public double gamma(double t) {
    return gamma(t, false);
  }

  @Override
  public double gammaGammaDot(double t) {
    return gamma.gammaGammaDot(scale, t);
  }

  private static double square(double v) {
    return v * v;
  }

  @Override
  public String toString() {
    return "'" + name + "'";
  }
}
