package io.driftkit.deterministic.oracle;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The marginal densities of a 1-D diffusion with additive noise, {@code dX = f(X, t) dt + g(t) dW}, from the
 * Fokker–Planck equation {@code dp/dt = -d(f p)/dx + g^2/2 d^2p/dx^2}, solved in float64 and kept as the score
 * {@code d log p / dx} on a space-time grid.
 *
 * <p>Space: the map {@code x = a sinh(xi)} with xi uniform on [-Xi, Xi] keeps nodes about {@code a dxi} apart across
 * the data (a = the data's extent) and spreads them into the far tails, where densities are wide; fourth-order central
 * differences in xi (second order on the two nodes next to each end), p = 0 at both ends. The equation is solved on
 * this grid and on one with half the spacing, and the scores at the common nodes are combined by Richardson
 * extrapolation, {@code (16 s_fine - s_coarse) / 15}, which cancels the leading h^4 error. Time: the three-stage,
 * L-stable, third-order SDIRK of Alexander (1977), with substeps between stored times that are quadratic in t (dense at
 * the start, where the data is sharp). The score is kept where p exceeds {@code 1e-8} of its peak (below that the
 * relative error of p makes its derivative noise) and continued linearly in x beyond, as a Gaussian tail's would be.
 * Queries interpolate with C1 cubic Hermite splines: in xi with fourth-order node slopes, in t with slopes from the
 * neighbouring stored times.
 */
public final class FokkerPlanck1D {

  /** The scalar drift f(x, t) at every node at once. */
  @FunctionalInterface
  public interface Drift {
    void at(double[] x, double t, double[] out);
  }

  /** A function evaluated at every node at once (the initial density). */
  @FunctionalInterface
  public interface Profile {
    double[] at(double[] x);
  }

  private static final double GAMMA = 0.43586652150845899942;
  private static final double C2 = (1 + GAMMA) / 2;
  private static final double A21 = (1 - GAMMA) / 2;
  private static final double B1 = -(6 * GAMMA * GAMMA - 16 * GAMMA + 1) / 4;
  private static final double B2 = (6 * GAMMA * GAMMA - 20 * GAMMA + 5) / 4;
  private static final double VALID = 1e-8;
  private static final double[] D1_WIDE = {1 / 12.0, -8 / 12.0, 0, 8 / 12.0, -1 / 12.0};
  private static final double[] D2_WIDE = {-1 / 12.0, 16 / 12.0, -30 / 12.0, 16 / 12.0, -1 / 12.0};
  private static final double[] D1_NARROW = {0, -0.5, 0, 0.5, 0};
  private static final double[] D2_NARROW = {0, 1, -2, 1, 0};

  private final double a;
  private final double xiMax;
  private final double dxi;
  private final int n;
  private final double[] x;
  private final double[] times;
  private final double[][] score;

  /**
   * Solves the equation from p0 at t = 0 to the horizon.
   *
   * @param scale a: the node spacing is about a dxi across [-a, a]
   * @param halfWidth L: the grid covers [-L, L], where the densities must be negligible at all times
   * @param points nodes in space of the stored (coarser) grid
   * @param timePoints stored times, quadratic in t on [0, horizon]
   * @param substeps SDIRK steps between stored times
   */
  public FokkerPlanck1D(Drift drift, DoubleUnaryOperator diffusion, Profile p0, double horizon, double scale,
      double halfWidth, int points, int timePoints, int substeps) {
    if (points < 9 || timePoints < 4 || substeps < 1 || !(scale > 0) || !(halfWidth > 0) || !(horizon > 0)) {
      throw new IllegalArgumentException("Fokker-Planck grid needs points >= 9, time-points >= 4, substeps >= 1"
          + " and positive scale, width and horizon");
    }
    this.a = scale;
    this.n = points;
    this.xiMax = Math.log(halfWidth / scale + Math.sqrt(halfWidth * halfWidth / (scale * scale) + 1));
    this.dxi = 2 * xiMax / (n - 1);
    this.times = new double[timePoints];
    for (int j = 0; j < timePoints; j++) {
      double u = (double) j / (timePoints - 1);
      times[j] = horizon * u * u;
    }
    times[timePoints - 1] = horizon;
    Grid coarse = new Grid(n, drift, diffusion);
    Grid fine = new Grid(2 * n - 1, drift, diffusion);
    this.x = coarse.x;
    double[][] sc = coarse.solve(p0, substeps);
    double[][] sf = fine.solve(p0, substeps);
    this.score = new double[timePoints][];
    for (int j = 0; j < timePoints; j++) {
      score[j] = combine(coarse, sc[j], sf[j], j);
    }
  }

  /** Richardson's combination where both grids resolve the density; the coarse grid's continuation elsewhere. */
  private double[] combine(Grid coarse, double[] sc, double[] sf, int j) {
    double[] s = sc.clone();
    int lo = coarse.validFrom[j];
    int hi = coarse.validTo[j];
    for (int i = lo; i <= hi; i++) {
      s[i] = (16 * sf[2 * i] - sc[i]) / 15;
    }
    continueLinearly(x, s, lo, hi);
    return s;
  }

  private static void continueLinearly(double[] x, double[] s, int lo, int hi) {
    double slopeLo = (s[lo + 1] - s[lo]) / (x[lo + 1] - x[lo]);
    for (int i = lo - 1; i >= 0; i--) {
      s[i] = s[lo] + slopeLo * (x[i] - x[lo]);
    }
    double slopeHi = (s[hi] - s[hi - 1]) / (x[hi] - x[hi - 1]);
    for (int i = hi + 1; i < s.length; i++) {
      s[i] = s[hi] + slopeHi * (x[i] - x[hi]);
    }
  }

  /** The nodes x_i of the stored grid. */
  public double[] nodes() {
    return x.clone();
  }

  public double horizon() {
    return times[times.length - 1];
  }

  /** The score d log p_t / dx at each of the points (t in [0, horizon]). */
  public void score(double[] points, double t, double[] out) {
    if (!(t >= 0) || t > horizon() * (1 + 1e-12)) {
      throw new IllegalArgumentException("the Fokker-Planck oracle covers t in [0, " + horizon() + "], asked for "
          + t);
    }
    int m = times.length;
    int j = locateTime(Math.min(t, horizon()));
    double w = times[j + 1] - times[j];
    double u = (t - times[j]) / w;
    for (int k = 0; k < points.length; k++) {
      double v = points[k];
      double s0 = space(j, v);
      double s1 = space(j + 1, v);
      double d0 = j > 0 ? derivative(times[j - 1], times[j], times[j + 1], space(j - 1, v), s0, s1) : (s1 - s0) / w;
      double d1 = j + 2 < m ? derivative(times[j], times[j + 1], times[j + 2], s0, s1, space(j + 2, v))
          : (s1 - s0) / w;
      out[k] = hermite(s0, s1, d0 * w, d1 * w, u);
    }
  }

  /** The derivative at the middle of three nonuniform points (exact for quadratics). */
  private static double derivative(double ta, double tb, double tc, double sa, double sb, double sc) {
    double hm = tb - ta;
    double hp = tc - tb;
    return (hm * hm * (sc - sb) + hp * hp * (sb - sa)) / (hm * hp * (hm + hp));
  }

  private int locateTime(double t) {
    int lo = 0;
    int hi = times.length - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The stored score at time index j, interpolated in space at v (linear beyond the grid). */
  private double space(int j, double v) {
    double[] s = score[j];
    if (v <= x[0]) {
      return s[0] + (v - x[0]) * (s[1] - s[0]) / (x[1] - x[0]);
    }
    if (v >= x[n - 1]) {
      return s[n - 1] + (v - x[n - 1]) * (s[n - 1] - s[n - 2]) / (x[n - 1] - x[n - 2]);
    }
    double xi = Math.log(v / a + Math.sqrt(v * v / (a * a) + 1));
    int i = (int) Math.floor((xi + xiMax) / dxi);
    i = Math.max(0, Math.min(n - 2, i));
    double u = (xi - (-xiMax + i * dxi)) / dxi;
    return hermite(s[i], s[i + 1], slope(s, i), slope(s, i + 1), u);
  }

  /** ds/dxi at node i times dxi: fourth-order central differences, lower order next to the ends. */
  private double slope(double[] s, int i) {
    if (i >= 2 && i <= n - 3) {
      return (s[i - 2] - 8 * s[i - 1] + 8 * s[i + 1] - s[i + 2]) / 12;
    }
    if (i == 0) {
      return s[1] - s[0];
    }
    if (i == n - 1) {
      return s[n - 1] - s[n - 2];
    }
    return 0.5 * (s[i + 1] - s[i - 1]);
  }

  private static double hermite(double p0, double p1, double m0, double m1, double u) {
    double u2 = u * u;
    double u3 = u2 * u;
    return (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * p1 + (u3 - u2) * m1;
  }

  /** One spatial grid and its time stepping. */
  private final class Grid {
    final int size;
    final double step;
    final double[] x;
    final double[] jac;
    final double[] jacPrime;
    final double[] f;
    final int[] validFrom;
    final int[] validTo;
    private final Drift drift;
    private final DoubleUnaryOperator diffusion;
    private final Banded band;

    Grid(int size, Drift drift, DoubleUnaryOperator diffusion) {
      this.size = size;
      this.step = 2 * xiMax / (size - 1);
      this.drift = drift;
      this.diffusion = diffusion;
      this.x = new double[size];
      this.jac = new double[size];
      this.jacPrime = new double[size];
      for (int i = 0; i < size; i++) {
        double xi = -xiMax + i * step;
        x[i] = a * Math.sinh(xi);
        jac[i] = a * Math.cosh(xi);
        jacPrime[i] = x[i];
      }
      this.f = new double[size];
      this.validFrom = new int[times.length];
      this.validTo = new int[times.length];
      this.band = new Banded(size);
    }

    /** The score at every stored time. */
    double[][] solve(Profile p0, int substeps) {
      double[][] out = new double[times.length][];
      double[] p = p0.at(x);
      p[0] = 0;
      p[size - 1] = 0;
      out[0] = scoreOf(p, 0);
      for (int j = 1; j < times.length; j++) {
        double h = (times[j] - times[j - 1]) / substeps;
        for (int k = 0; k < substeps; k++) {
          p = sdirkStep(p, times[j - 1] + k * h, h);
        }
        out[j] = scoreOf(p, j);
      }
      return out;
    }

    /**
     * One SDIRK step of {@code p' = L(t) p}; stiffly accurate, so the last stage is the new value. Each stage's
     * {@code L Y = (Y - R) / (gamma h)} follows from its own equation, which saves assembling L twice.
     */
    private double[] sdirkStep(double[] p, double t, double h) {
      double gh = GAMMA * h;
      double[] y1 = solveStage(p, t + GAMMA * h, h);
      double[] l1 = new double[size];
      double[] rhs = p.clone();
      for (int i = 0; i < size; i++) {
        l1[i] = (y1[i] - p[i]) / gh;
        rhs[i] += h * A21 * l1[i];
      }
      double[] y2 = solveStage(rhs, t + C2 * h, h);
      double[] rhs3 = p.clone();
      for (int i = 0; i < size; i++) {
        double l2 = (y2[i] - rhs[i]) / gh;
        rhs3[i] += h * (B1 * l1[i] + B2 * l2);
      }
      return solveStage(rhs3, t + h, h);
    }

    /** Solves {@code (I - gamma h L(t)) y = rhs} with p = 0 at both ends. */
    private double[] solveStage(double[] rhs, double t, double h) {
      assemble(t, -GAMMA * h);
      double[] b = rhs.clone();
      b[0] = 0;
      b[size - 1] = 0;
      return band.solve(b);
    }

    /**
     * Writes {@code I + scale L(t)} into the band: {@code L p = -(f p)_xi / J + D (p_xixi / J^2 - J' p_xi / J^3)},
     * D = g^2/2, J = dx/dxi; the boundary rows are the identity.
     */
    private void assemble(double t, double scale) {
      band.clear();
      drift.at(x, t, f);
      double g = diffusion.applyAsDouble(t);
      double dd = 0.5 * g * g;
      band.diag[2][0] = 1;
      band.diag[2][size - 1] = 1;
      for (int i = 1; i < size - 1; i++) {
        double j = jac[i];
        double first = -scale / (j * step);
        double second = scale * dd / (j * j * step * step);
        double mixed = -scale * dd * jacPrime[i] / (j * j * j * step);
        boolean wide = i >= 2 && i <= size - 3;
        double[] d1 = wide ? D1_WIDE : D1_NARROW;
        double[] d2 = wide ? D2_WIDE : D2_NARROW;
        for (int o = -2; o <= 2; o++) {
          double c1 = d1[o + 2];
          double c2 = d2[o + 2];
          if (c1 != 0 || c2 != 0) {
            band.diag[o + 2][i] += first * c1 * f[i + o] + second * c2 + mixed * c1;
          }
        }
        band.diag[2][i] += 1;
      }
    }

    /** d log p / dx at every node where p is well above round-off (fourth-order differences), continued linearly. */
    private double[] scoreOf(double[] p, int j) {
      double peak = 0;
      int top = 0;
      for (int i = 0; i < size; i++) {
        if (p[i] > peak) {
          peak = p[i];
          top = i;
        }
      }
      if (!(peak > 0) || !Double.isFinite(peak)) {
        throw new IllegalStateException("Fokker-Planck solution lost its mass (peak " + peak + " at t = " + times[j]
            + ")");
      }
      int lo = Math.max(top, 2);
      while (lo > 2 && p[lo - 1] > VALID * peak && p[lo - 2] > VALID * peak) {
        lo--;
      }
      int hi = Math.min(top, size - 3);
      while (hi < size - 3 && p[hi + 1] > VALID * peak && p[hi + 2] > VALID * peak) {
        hi++;
      }
      if (hi - lo < 2) {
        throw new IllegalStateException("the Fokker-Planck grid resolves the density at t = " + times[j] + " on fewer"
            + " than 3 nodes; raise grid-points");
      }
      double[] s = new double[size];
      for (int i = lo; i <= hi; i++) {
        double dp = (p[i - 2] - 8 * p[i - 1] + 8 * p[i + 1] - p[i + 2]) / (12 * step);
        s[i] = dp / (jac[i] * p[i]);
      }
      continueLinearly(x, s, lo, hi);
      validFrom[j] = lo;
      validTo[j] = hi;
      return s;
    }
  }

  /** A pentadiagonal matrix: diag[2] the main diagonal, diag[2 + o][i] the entry (i, i + o). */
  static final class Banded {
    final double[][] diag;
    private final double[][] work;
    private final int n;

    Banded(int n) {
      this.n = n;
      this.diag = new double[5][n];
      this.work = new double[5][n];
    }

    void clear() {
      for (double[] d : diag) {
        Arrays.fill(d, 0);
      }
    }

    /**
     * Gaussian elimination without pivoting: the stage matrices {@code I - gamma h L} have a diagonal that dominates
     * for stiff modes (the diffusion stencil is negative definite), and a vanishing pivot is reported.
     */
    double[] solve(double[] b) {
      double[][] m = work;
      for (int o = 0; o < 5; o++) {
        System.arraycopy(diag[o], 0, m[o], 0, n);
      }
      double[] r = b.clone();
      for (int i = 0; i < n; i++) {
        double pivot = m[2][i];
        if (!(Math.abs(pivot) > 1e-300)) {
          throw new IllegalStateException("singular Fokker-Planck stage matrix at node " + i);
        }
        for (int below = 1; below <= 2 && i + below < n; below++) {
          int row = i + below;
          double factor = m[2 - below][row] / pivot;
          if (factor == 0) {
            continue;
          }
          // the row's entries at columns i .. i + 2 sit at offsets -below .. 2 - below
          for (int c = 0; c <= 2 && i + c < n; c++) {
            m[c - below + 2][row] -= factor * m[c + 2][i];
          }
          r[row] -= factor * r[i];
        }
      }
      double[] y = new double[n];
      for (int i = n - 1; i >= 0; i--) {
        double s = r[i];
        for (int o = 1; o <= 2 && i + o < n; o++) {
          s -= m[o + 2][i] * y[i + o];
        }
        y[i] = s / m[2][i];
      }
      return y;
    }
  }
}
