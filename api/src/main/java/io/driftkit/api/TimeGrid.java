package io.driftkit.api;

import java.util.Arrays;
import java.util.Locale;

/**
 * A strictly increasing sequence of times {@code t_0 < t_1 < ... < t_K}. Spacings: uniform, quadratic (dense
 * at the start), cosine (dense at both ends) and Karras (the EDM power-7 spacing, dense at the start).
 */
public final class TimeGrid {

  /** How the points of a grid are spread over its interval. */
  public enum Spacing {
    UNIFORM, QUADRATIC, COSINE, KARRAS;

    /** The spacing named {@code name} (case-insensitive), or an error listing the known names. */
    public static Spacing parse(String name) {
      for (Spacing s : values()) {
        if (s.name().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown time grid '" + name + "'; known: " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
  }

  private static final double KARRAS_RHO = 7.0;

  private final double[] times;

  private TimeGrid(double[] times) {
    if (times.length < 2) {
      throw new IllegalArgumentException("a time grid needs at least one step, got " + (times.length - 1));
    }
    for (int k = 0; k + 1 < times.length; k++) {
      if (!(times[k] < times[k + 1]) || !Double.isFinite(times[k + 1])) {
        throw new IllegalArgumentException(
            "time grid must be finite and strictly increasing, but t[" + k + "] = " + times[k]
                + " and t[" + (k + 1) + "] = " + times[k + 1]);
      }
    }
    this.times = times;
  }

  /** A grid through exactly these times. */
  public static TimeGrid of(double... times) {
    return new TimeGrid(times.clone());
  }

  /** {@code steps} uniform steps from {@code start} to {@code end}. */
  public static TimeGrid uniform(double start, double end, int steps) {
    return spaced(Spacing.UNIFORM, start, end, steps);
  }

  /** {@code steps} steps from {@code start} to {@code end} with the given spacing. */
  public static TimeGrid spaced(Spacing spacing, double start, double end, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("a time grid needs steps >= 1, got " + steps);
    }
    if (!(start < end)) {
      throw new IllegalArgumentException("a time grid needs start < end, got [" + start + ", " + end + "]");
    }
    if (spacing == Spacing.KARRAS && start < 0) {
      throw new IllegalArgumentException("a Karras grid needs start >= 0, got " + start);
    }
    double[] t = new double[steps + 1];
    for (int k = 0; k <= steps; k++) {
      double u = (double) k / steps;
      t[k] = switch (spacing) {
        case UNIFORM -> start + u * (end - start);
        case QUADRATIC -> start + u * u * (end - start);
        case COSINE -> start + 0.5 * (1 - Math.cos(Math.PI * u)) * (end - start);
        case KARRAS -> {
          double a = Math.pow(start, 1 / KARRAS_RHO);
          double b = Math.pow(end, 1 / KARRAS_RHO);
          yield Math.pow(a + u * (b - a), KARRAS_RHO);
        }
      };
    }
    t[0] = start;
    t[steps] = end;
    return new TimeGrid(t);
  }

  /** The mirror image {@code s_k = t_0 + t_K - t_{K-k}}: a grid dense at the start becomes dense at the end. */
  public TimeGrid reversed() {
    int n = times.length;
    double[] s = new double[n];
    for (int k = 0; k < n; k++) {
      s[k] = times[0] + times[n - 1] - times[n - 1 - k];
    }
    s[0] = times[0];
    s[n - 1] = times[n - 1];
    return new TimeGrid(s);
  }

  /** The number of steps K. */
  public int steps() {
    return times.length - 1;
  }

  /** t_k for k in 0..K. */
  public double time(int k) {
    return times[k];
  }

  /** The step length t_{k+1} - t_k. */
  public double step(int k) {
    return times[k + 1] - times[k];
  }

  public double start() {
    return times[0];
  }

  public double end() {
    return times[times.length - 1];
  }

  /** A copy of all K + 1 times. */
  public double[] times() {
    return times.clone();
  }

  @Override
  public String toString() {
    return "TimeGrid[" + steps() + " steps, " + start() + " .. " + end() + "]";
  }
}
