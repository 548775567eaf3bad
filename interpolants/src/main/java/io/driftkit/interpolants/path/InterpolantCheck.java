package io.driftkit.interpolants.path;

import io.driftkit.api.Interpolant;
import io.driftkit.api.config.ConfigException;
import java.util.Locale;

/**
 * What every interpolant, built-in or a third party's, must satisfy before a run uses it: finite coefficients and
 * gamma >= 0 on a grid of [0, 1]; the boundary conditions (a(0) = b(1) = 1, a(1) = b(0) = 0, gamma(0) = gamma(1) = 0;
 * a mirror only needs a + b = 1 at both ends); derivatives that agree with central differences of a, b and gamma^2
 * (so a wrong a' is caught, not trained on); and no time where a, b and gamma vanish together (the law would pass
 * through a point mass).
 */
public final class InterpolantCheck {

  static final int GRID = 400;
  static final double BOUNDARY_TOLERANCE = 1e-9;
  /** Central differences with step 1e-6: truncation below 1e-10 for smooth coefficients, 5e-6 across a C^1 kink. */
  static final double STEP = 1e-6;
  static final double DERIVATIVE_TOLERANCE = 1e-4;

  private InterpolantCheck() {}

  /**
   * @param who how to name the interpolant in messages
   * @throws ConfigException naming the interpolant, the condition and the values
   */
  public static void check(String who, Interpolant ip) {
    for (int k = 0; k <= GRID; k++) {
      double t = (double) k / GRID;
      double[] v = {ip.a(t), ip.b(t), ip.aDot(t), ip.bDot(t), ip.gamma(t), ip.gammaGammaDot(t)};
      String[] names = {"a", "b", "a'", "b'", "gamma", "gamma gamma'"};
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          throw fail(who, names[i] + "(" + t + ") = " + v[i] + " is not finite");
        }
      }
      if (v[4] < 0) {
        throw fail(who, "gamma(" + t + ") = " + v[4] + " is negative");
      }
      double signal = ip.base() == Interpolant.Base.MIRROR ? sq(v[0] + v[1]) : sq(v[0]) + sq(v[1]);
      if (signal + sq(v[4]) < 1e-12) {
        throw fail(who, "a, b and gamma all vanish at t = " + t + ", so x_t is a point mass there");
      }
    }
    boundaries(who, ip);
    derivatives(who, ip);
  }

  private static void boundaries(String who, Interpolant ip) {
    if (ip.base() == Interpolant.Base.MIRROR) {
      near(who, "a(0) + b(0)", ip.a(0) + ip.b(0), 1);
      near(who, "a(1) + b(1)", ip.a(1) + ip.b(1), 1);
    } else {
      near(who, "a(0)", ip.a(0), 1);
      near(who, "b(0)", ip.b(0), 0);
      near(who, "a(1)", ip.a(1), 0);
      near(who, "b(1)", ip.b(1), 1);
    }
    near(who, "gamma(0)", ip.gamma(0), 0);
    near(who, "gamma(1)", ip.gamma(1), 0);
  }

  private static void derivatives(String who, Interpolant ip) {
    for (int k = 1; k < GRID; k++) {
      double t = (double) k / GRID;
      agree(who, "a'", t, ip.aDot(t), (ip.a(t + STEP) - ip.a(t - STEP)) / (2 * STEP));
      agree(who, "b'", t, ip.bDot(t), (ip.b(t + STEP) - ip.b(t - STEP)) / (2 * STEP));
      double g2 = (sq(ip.gamma(t + STEP)) - sq(ip.gamma(t - STEP))) / (2 * STEP);
      agree(who, "gamma gamma'", t, ip.gammaGammaDot(t), 0.5 * g2);
    }
  }

  private static void agree(String who, String what, double t, double given, double differenced) {
    if (!(Math.abs(given - differenced) <= DERIVATIVE_TOLERANCE * (1 + Math.abs(differenced)))) {
      throw fail(who, String.format(Locale.ROOT, "%s(%s) = %.8g disagrees with the central difference %.8g of the"
          + " interpolant's own coefficients", what, t, given, differenced));
    }
  }

  private static void near(String who, String what, double value, double expected) {
    if (!(Math.abs(value - expected) <= BOUNDARY_TOLERANCE)) {
      throw fail(who, "breaks the boundary condition " + what + " = " + fmt(expected) + ": it is " + value);
    }
  }

  private static ConfigException fail(String who, String problem) {
    return new ConfigException("interpolant " + who + " is not a valid stochastic interpolant: " + problem
        + " (key 'interpolant')");
  }

  private static double sq(double v) {
    return v * v;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
