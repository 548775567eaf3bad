package io.driftkit.sde.fp;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Fokker–Planck residual of a vector field s used as the score of {@code dX = f(X, t) dt + g(t) dW}. The score
 * of the marginals obeys (the gradient of the log-density form {@code d_t u = -div f - f.grad u + g^2/2 (lap u +
 * |grad u|^2)}, docs/references.md §6)
 *
 * <pre>  d_t s = grad[ g^2/2 (div s + |s|^2) - f.s - div f ],</pre>
 *
 * and the residual is {@code R = d_t s - grad[...]}, zero for the exact score of any initial law.
 *
 * <p>Derivatives are central finite differences in float64 on a fixed stencil around each point: the time derivative
 * at {@code t (1 +- kappa)} (a relative step, since the marginals change on the scale of t near 0), first spatial
 * derivatives at {@code x +- h e_i}, the second derivatives of {@code div s} from the same points and the centre
 * ({@code d_i^2 s_i}) and from the corners {@code x +- h e_i +- h e_j} ({@code d_i d_j s_j}). That is
 * {@code 2 d^2 + 3} field evaluations per point, all in one call; truncation error O(h^2 + kappa^2). The residual is
 * a function of the field's values at the stencil, so a loss built on it has the exact gradient
 * {@link Stencil#adjoint}: a weighted sum of the field's values' gradients at the stencil points.
 */
public final class FokkerPlanckResidual {

  /** Half the distance from 1 to the next double: float64's relative rounding error. */
  static final double UNIT_ROUNDOFF = Math.ulp(1.0) / 2;

  /**
   * The smallest spatial step: below it the round-off of the second differences, {@code 4 u |s| / h^2}, exceeds
   * their truncation error {@code h^2 |s''''| / 12} for a field varying on unit scale, so float64 cancellation
   * dominates ({@code (48 u)^(1/4)}, about 2.7e-4).
   */
  public static final double MIN_SPACE_STEP = Math.pow(48 * UNIT_ROUNDOFF, 0.25);

  /**
   * The smallest relative time step: below it the round-off of the central difference in time, {@code u |s| /
   * (kappa t)}, exceeds its truncation error {@code (kappa t)^2 |s'''| / 6} on the time scale t ({@code (3
   * u)^(1/3)}, about 6.9e-6).
   */
  public static final double MIN_TIME_STEP = Math.pow(3 * UNIT_ROUNDOFF, 1.0 / 3);

  /**
   * Default steps for a float32 network (the {@code mlp}): its outputs carry relative noise of about 6e-8, which
   * second differences amplify by {@code 4 / h^2}; h = 1e-2 keeps that near 2e-3 of the field's scale, comparable to
   * the truncation error {@code (h / l)^2 / 12} for fields varying on a length l of 0.1.
   */
  public static final double DEFAULT_SPACE_STEP = 1e-2;

  /** Default relative time step for a float32 network: round-off {@code 6e-8 / 1e-2} = 6e-6 of the field / t. */
  public static final double DEFAULT_TIME_STEP = 1e-2;

  /** A vector field with a time per row ({@code [n, d]} and {@code [n]} to a fresh {@code [n, d]}). */
  @FunctionalInterface
  public interface Field {
    INDArray at(INDArray x, INDArray t);
  }

  private final ForwardProcess forward;
  private final ForwardProcess.DriftDivergence divergence;
  /** The closed-form marginals of a linear process (its drift and divergence are then evaluated in place), or null. */
  private final ForwardProcess.LinearMarginals linear;
  private final double h;
  private final double kappa;

  /**
   * @param spaceStep the spatial step h, at least {@link #MIN_SPACE_STEP}
   * @param timeStep the relative time step kappa, at least {@link #MIN_TIME_STEP} and below 1
   * @param keyPrefix the config key prefix the steps came from, for error messages (e.g. {@code loss.})
   * @throws ConfigException for a step where float64 cancellation dominates, or a process without the divergence
   *     of its drift
   */
  public FokkerPlanckResidual(ForwardProcess forward, double spaceStep, double timeStep, String keyPrefix) {
    this.forward = forward;
    this.divergence = forward.driftDivergence().orElseThrow(() -> new ConfigException("the Fokker-Planck residual"
        + " needs the divergence of the forward process's drift, which this forward process ("
        + forward.getClass().getSimpleName() + ") does not give (key 'forward')"));
    this.linear = forward.linear().orElse(null);
    this.h = requireStep(keyPrefix + "residual-step", spaceStep, MIN_SPACE_STEP, Double.POSITIVE_INFINITY,
        "second differences");
    this.kappa = requireStep(keyPrefix + "residual-time-step", timeStep, MIN_TIME_STEP, 1, "time differences");
  }

  private static double requireStep(String key, double step, double min, double max, String what) {
    if (!Double.isFinite(step) || !(step < max)) {
      throw new ConfigException(String.format(Locale.ROOT, "invalid value '%s' for key '%s': expected a finite"
          + " step%s", step, key, max < Double.POSITIVE_INFINITY ? " below " + max : ""));
    }
    if (!(step >= min)) {
      throw new ConfigException(String.format(Locale.ROOT, "invalid value '%s' for key '%s': below %.1e, float64"
          + " cancellation dominates the %s (round-off exceeds truncation); use a step of at least %.1e", step, key,
          min, what, min));
    }
    return step;
  }

  public double spaceStep() {
    return h;
  }

  public double timeStep() {
    return kappa;
  }

  /** Field evaluations per point: {@code 2 d^2 + 3}. */
  public static int evaluationsPerPoint(int d) {
    return 2 * d * d + 3;
  }

  /** The residual of {@code field} at each row of x ({@code [n, d]}) at its time t ({@code [n]}, all positive). */
  public double[] residual(Field field, INDArray x, double[] t) {
    Stencil stencil = stencil(x, t);
    return stencil.residual(Rows.values(field.at(stencil.points(), stencil.times())));
  }

  /** The stencil around each row of x at its time. */
  public Stencil stencil(INDArray x, double[] t) {
    return new Stencil(Rows.values(x), t, Math.toIntExact(x.size(0)), Math.toIntExact(x.size(1)));
  }

  /**
   * The points around n base points at which the field is evaluated, stacked block by block ({@code n} rows per
   * block): the centre, {@code x + h e_i} and {@code x - h e_i} for each i, the four corners of each pair i < j,
   * then the centre at {@code t (1 + kappa)} and at {@code t (1 - kappa)}.
   */
  public final class Stencil {
    private final double[] x;
    private final double[] t;
    private final int n;
    private final int d;
    private final int blocks;
    /** g(t)^2 per point. */
    private final double[] g2;
    /** f at x + h e_i (index [i][row * d + k]) and x - h e_i. */
    private final double[][] fPlus;
    private final double[][] fMinus;
    /** d_i div f by central differences of the drift's closed-form divergence, per point and i. */
    private final double[] gradDivF;

    Stencil(double[] x, double[] t, int n, int d) {
      if (t.length != n) {
        throw new IllegalArgumentException("need one time per point, got " + t.length + " for " + n + " points");
      }
      for (double ti : t) {
        if (!(ti > 0) || !Double.isFinite(ti)) {
          throw new IllegalArgumentException("the residual's time difference needs t > 0, got " + ti);
        }
      }
      this.x = x;
      this.t = t;
      this.n = n;
      this.d = d;
      this.blocks = evaluationsPerPoint(d);
      this.g2 = new double[n];
      this.fPlus = new double[d][];
      this.fMinus = new double[d][];
      this.gradDivF = new double[n * d];
      for (int r = 0; r < n; r++) {
        double g = forward.diffusion(t[r]);
        g2[r] = g * g;
      }
      for (int i = 0; i < d; i++) {
        double[] plus = shifted(i, 1, -1, 0);
        double[] minus = shifted(i, -1, -1, 0);
        fPlus[i] = new double[n * d];
        fMinus[i] = new double[n * d];
        double[] divPlus = new double[n];
        double[] divMinus = new double[n];
        driftAndDivergence(plus, fPlus[i], divPlus);
        driftAndDivergence(minus, fMinus[i], divMinus);
        for (int r = 0; r < n; r++) {
          gradDivF[r * d + i] = (divPlus[r] - divMinus[r]) / (2 * h);
        }
      }
    }

    /** f and div f at each row of {@code points}, each at its own time. */
    private void driftAndDivergence(double[] points, double[] drift, double[] div) {
      if (linear != null) {
        // f = -lambda(t) x and div f = -lambda(t) d in closed form: no call per row
        for (int r = 0; r < n; r++) {
          double rate = linear.driftRate(t[r]);
          for (int k = 0; k < d; k++) {
            drift[r * d + k] = -rate * points[r * d + k];
          }
          div[r] = -rate * d;
        }
        return;
      }
      for (int r = 0; r < n; r++) {
        INDArray row = Rows.matrix(java.util.Arrays.copyOfRange(points, r * d, (r + 1) * d), 1, d);
        System.arraycopy(Rows.values(forward.drift(row, t[r])), 0, drift, r * d, d);
        div[r] = divergence.at(row, t[r]).getDouble(0);
      }
    }

    /** x + si h e_i + sj h e_j for every point (j < 0: no second shift). */
    private double[] shifted(int i, int si, int j, int sj) {
      double[] p = x.clone();
      for (int r = 0; r < n; r++) {
        p[r * d + i] += si * h;
        if (j >= 0) {
          p[r * d + j] += sj * h;
        }
      }
      return p;
    }

    public int size() {
      return n;
    }

    /** The stacked stencil points, {@code [(2 d^2 + 3) n, d]}. */
    public INDArray points() {
      double[] all = new double[blocks * n * d];
      int b = 0;
      System.arraycopy(x, 0, all, (b++) * n * d, n * d);
      for (int i = 0; i < d; i++) {
        System.arraycopy(shifted(i, 1, -1, 0), 0, all, (b++) * n * d, n * d);
        System.arraycopy(shifted(i, -1, -1, 0), 0, all, (b++) * n * d, n * d);
      }
      for (int i = 0; i < d; i++) {
        for (int j = i + 1; j < d; j++) {
          for (int corner = 0; corner < 4; corner++) {
            System.arraycopy(shifted(i, signI(corner), j, signJ(corner)), 0, all, (b++) * n * d, n * d);
          }
        }
      }
      System.arraycopy(x, 0, all, (b++) * n * d, n * d);
      System.arraycopy(x, 0, all, b * n * d, n * d);
      return Rows.matrix(all, (long) blocks * n, d);
    }

    /** The time of each stacked point, {@code [(2 d^2 + 3) n]}. */
    public INDArray times() {
      double[] all = new double[blocks * n];
      for (int b = 0; b < blocks; b++) {
        double factor = b == blocks - 2 ? 1 + kappa : b == blocks - 1 ? 1 - kappa : 1;
        for (int r = 0; r < n; r++) {
          all[b * n + r] = t[r] * factor;
        }
      }
      return Rows.vector(all);
    }

    /** The residual {@code [n * d]} (row-major) from the field's values at the stacked points. */
    public double[] residual(double[] values) {
      requireValues(values);
      double[] res = new double[n * d];
      double h2 = h * h;
      for (int r = 0; r < n; r++) {
        double dt = 2 * kappa * t[r];
        double half = 0.5 * g2[r];
        for (int i = 0; i < d; i++) {
          double[] up = valuesAt(values, plusBlock(i), r);
          double[] down = valuesAt(values, minusBlock(i), r);
          double secondDiag = (up[i] - 2 * value(values, 0, r, i) + down[i]) / h2;
          double mixed = 0;
          for (int j = 0; j < d; j++) {
            if (j != i) {
              mixed += mixedSecond(values, i, j, r, j);
            }
          }
          double normUp = dot(up, up);
          double normDown = dot(down, down);
          double fsUp = dot(fPlus[i], r * d, up);
          double fsDown = dot(fMinus[i], r * d, down);
          double timeDerivative = (value(values, blocks - 2, r, i) - value(values, blocks - 1, r, i)) / dt;
          res[r * d + i] = timeDerivative - half * (secondDiag + mixed) - half * (normUp - normDown) / (2 * h)
              + (fsUp - fsDown) / (2 * h) + gradDivF[r * d + i];
        }
      }
      return res;
    }

    /**
     * The gradient with respect to the field's values at the stacked points ({@code [(2 d^2 + 3) n, d]} row-major)
     * of a scalar whose gradient with respect to the residual is {@code upstream} ({@code [n * d]}).
     */
    public double[] adjoint(double[] values, double[] upstream) {
      requireValues(values);
      if (upstream.length != n * d) {
        throw new IllegalArgumentException("upstream gradient must have n d = " + n * d + " entries");
      }
      double[] grad = new double[values.length];
      double h2 = h * h;
      for (int r = 0; r < n; r++) {
        double dt = 2 * kappa * t[r];
        double half = 0.5 * g2[r];
        for (int i = 0; i < d; i++) {
          double u = upstream[r * d + i];
          if (u == 0) {
            continue;
          }
          grad[index(blocks - 2, r, i)] += u / dt;
          grad[index(blocks - 1, r, i)] -= u / dt;
          grad[index(0, r, i)] += 2 * half * u / h2;
          int plus = plusBlock(i);
          int minus = minusBlock(i);
          grad[index(plus, r, i)] -= half * u / h2;
          grad[index(minus, r, i)] -= half * u / h2;
          for (int k = 0; k < d; k++) {
            // d/dv of -half |v|^2 / (2h) is -half v / h; of f.v / (2h) is f / (2h)
            grad[index(plus, r, k)] += u * (-half * values[index(plus, r, k)] / h + fPlus[i][r * d + k] / (2 * h));
            grad[index(minus, r, k)] += u * (half * values[index(minus, r, k)] / h - fMinus[i][r * d + k] / (2 * h));
          }
          for (int j = 0; j < d; j++) {
            if (j == i) {
              continue;
            }
            // mixedSecond(i, j) reads component j at the corners of the pair {i, j}
            int lo = Math.min(i, j);
            int hi = Math.max(i, j);
            for (int corner = 0; corner < 4; corner++) {
              double sign = signI(corner) * signJ(corner);
              grad[index(cornerBlock(lo, hi, corner), r, j)] -= half * u * sign / (4 * h2);
            }
          }
        }
      }
      return grad;
    }

    /** {@code d_i d_j s_k} at point r from the corners of the pair {i, j}. */
    private double mixedSecond(double[] values, int i, int j, int r, int k) {
      int lo = Math.min(i, j);
      int hi = Math.max(i, j);
      double sum = 0;
      for (int corner = 0; corner < 4; corner++) {
        sum += signI(corner) * signJ(corner) * value(values, cornerBlock(lo, hi, corner), r, k);
      }
      return sum / (4 * h * h);
    }

    private int plusBlock(int i) {
      return 1 + 2 * i;
    }

    private int minusBlock(int i) {
      return 2 + 2 * i;
    }

    /** Block of corner c of the pair i < j; pairs in lexicographic order after the 2d axis blocks. */
    private int cornerBlock(int i, int j, int corner) {
      int pair = i * d - i * (i + 1) / 2 + (j - i - 1);
      return 1 + 2 * d + 4 * pair + corner;
    }

    private int index(int block, int r, int k) {
      return (block * n + r) * d + k;
    }

    private double value(double[] values, int block, int r, int k) {
      return values[index(block, r, k)];
    }

    private double[] valuesAt(double[] values, int block, int r) {
      int from = index(block, r, 0);
      return java.util.Arrays.copyOfRange(values, from, from + d);
    }

    private void requireValues(double[] values) {
      if (values.length != blocks * n * d) {
        throw new IllegalArgumentException("expected the field at " + blocks * n + " stencil points (" + blocks * n * d
            + " values), got " + values.length);
      }
    }
  }

  private static int signI(int corner) {
    return (corner & 2) == 0 ? 1 : -1;
  }

  private static int signJ(int corner) {
    return (corner & 1) == 0 ? 1 : -1;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double dot(double[] a, int offset, double[] b) {
    double s = 0;
    for (int k = 0; k < b.length; k++) {
      s += a[offset + k] * b[k];
    }
    return s;
  }
}
