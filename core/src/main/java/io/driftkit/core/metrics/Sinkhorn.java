package io.driftkit.core.metrics;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Debiased Sinkhorn divergence between two uniform point clouds (Feydy et al. 2019):
 * {@code S_eps(a, b) = OT_eps(a, b) - OT_eps(a, a) / 2 - OT_eps(b, b) / 2} with cost {@code |x - y|^2}
 * (so S tends to W2^2 as eps goes to 0; it is 0 for identical sets and exactly |t|^2 for a translation by t).
 * OT_eps is the entropic transport cost in its dual form {@code <a, f> + <b, g>} at the Sinkhorn fixed point.
 *
 * <p>The iteration runs in the log domain (soft-min with a log-sum-exp), so it is stable for tiny eps, and anneals
 * eps from the squared diameter down to the requested value ("eps-scaling", 10 sweeps per stage, factor 0.9:
 * slow annealing keeps the warm start close, which matters far more than the sweeps at the final eps).
 * At the final eps it sweeps until (sweeps at this eps) x (last rise of the dual value) is below the tolerance
 * times the value: near the optimum the dual value rises sublinearly (about like 1/sweeps) while the potentials
 * and marginals converge far more slowly, so this bounds the error of the value, which is what is returned.
 * For eps = 1e-3 on standardised data that is a few hundred to a few thousand sweeps of O(n m) each: meant for
 * up to about a thousand points.
 */
public final class Sinkhorn {

  private static final int MAX_SWEEPS = 20_000;
  private static final double SCALING = 0.9;
  private static final int STAGE_SWEEPS = 10;
  /** The averaged symmetric update tracks eps closely, so the debiasing terms anneal faster. */
  private static final double SYMMETRIC_SCALING = 0.5;
  private static final int SYMMETRIC_STAGE_SWEEPS = 2;
  /** Default relative accuracy of each entropic term. */
  public static final double DEFAULT_TOLERANCE = 1e-5;

  private Sinkhorn() {}

  /** S_eps with each entropic term accurate to {@link #DEFAULT_TOLERANCE} (relative). */
  public static double divergence(INDArray x, INDArray y, double eps) {
    return divergence(x, y, eps, DEFAULT_TOLERANCE);
  }

  /**
   * S_eps with each entropic term accurate to about {@code tolerance} relative to its value.
   *
   * @throws IllegalStateException if that takes more than 20000 sweeps
   */
  public static double divergence(INDArray x, INDArray y, double eps, double tolerance) {
    Samples a = Samples.of(x, "x");
    Samples b = Samples.of(y, "y");
    Samples.sameDim(a, b);
    if (!(eps > 0)) {
      throw new IllegalArgumentException("Sinkhorn eps must be positive, got " + eps);
    }
    return entropicCost(a, b, eps, tolerance) - 0.5 * entropicCost(a, a, eps, tolerance)
        - 0.5 * entropicCost(b, b, eps, tolerance);
  }

  /**
   * Standardises both sets with the pooled per-coordinate mean and standard deviation (what "eps on standardised
   * data" refers to) and returns {@code [x', y']}.
   */
  public static INDArray[] standardise(INDArray x, INDArray y) {
    Samples a = Samples.of(x, "x");
    Samples b = Samples.of(y, "y");
    Samples.sameDim(a, b);
    int d = a.d();
    double[] mean = new double[d];
    double[] sq = new double[d];
    for (Samples s : new Samples[] {a, b}) {
      for (int i = 0; i < s.v().length; i++) {
        mean[i % d] += s.v()[i];
        sq[i % d] += s.v()[i] * s.v()[i];
      }
    }
    int n = a.n() + b.n();
    double[] sd = new double[d];
    for (int k = 0; k < d; k++) {
      mean[k] /= n;
      sd[k] = Math.sqrt(Math.max(sq[k] / n - mean[k] * mean[k], 0));
      if (sd[k] == 0) {
        sd[k] = 1;
      }
    }
    return new INDArray[] {scale(a, mean, sd), scale(b, mean, sd)};
  }

  private static INDArray scale(Samples s, double[] mean, double[] sd) {
    double[] out = new double[s.v().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (s.v()[i] - mean[i % s.d()]) / sd[i % s.d()];
    }
    return io.driftkit.toolkit.Rows.matrix(out, s.n(), s.d());
  }

  /**
   * OT_eps between uniform measures on a and b by annealed log-domain Sinkhorn. For a == b the symmetric,
   * averaged update {@code f <- (f + T(f)) / 2} (Feydy et al.) converges in a few sweeps; for a != b the usual
   * alternating updates.
   */
  static double entropicCost(Samples a, Samples b, double eps, double tolerance) {
    boolean symmetric = a == b;
    int n = a.n();
    int m = b.n();
    double[] cost = new double[n * m];
    // the g-update reduces over the rows of the cost: a transposed copy keeps that pass contiguous in memory
    double[] costT = symmetric ? cost : new double[n * m];
    double diameter = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double c = Samples.squaredDistance(a, i, b, j);
        cost[i * m + j] = c;
        costT[j * n + i] = c;
        diameter = Math.max(diameter, c);
      }
    }
    double[] f = new double[n];
    double[] g = symmetric ? f : new double[m];
    double[] t = new double[n];
    double current = Math.max(diameter, eps);
    int sweeps = 0;
    while (true) {
      boolean last = current <= eps;
      if (last) {
        current = eps;
      }
      int stageSweeps = 0;
      double previous = Double.NaN;
      int calm = 0;
      while (true) {
        if (symmetric) {
          softMin(cost, f, n, n, current, t);
          for (int i = 0; i < n; i++) {
            f[i] = 0.5 * (f[i] + t[i]);
          }
        } else {
          softMin(costT, f, m, n, current, g);
          softMin(cost, g, n, m, current, f);
        }
        sweeps++;
        stageSweeps++;
        if (!last) {
          if (stageSweeps >= (symmetric ? SYMMETRIC_STAGE_SWEEPS : STAGE_SWEEPS)) {
            break;
          }
          continue;
        }
        // after an f-update the rows of the plan sum to a, so the dual value is <a, f> + <b, g>
        double value = mean(f) + mean(g);
        double rise = Math.abs(value - previous);
        previous = value;
        double scale = tolerance * Math.max(Math.abs(value), eps);
        if (symmetric) {
          // linear convergence: two small steps in a row
          calm = rise <= scale ? calm + 1 : 0;
          if (calm >= 2) {
            break;
          }
        } else if (stageSweeps > 1 && stageSweeps * rise <= scale) {
          // the value rises monotonically and near the optimum about like 1/sweeps, so sweeps x last rise
          // bounds what is left to gain
          break;
        }
        if (sweeps > MAX_SWEEPS) {
          throw new IllegalStateException("Sinkhorn did not reach relative accuracy " + tolerance + " in "
              + MAX_SWEEPS + " sweeps (eps=" + eps + ", last rise " + rise + ")");
        }
      }
      if (last) {
        break;
      }
      current *= symmetric ? SYMMETRIC_SCALING : SCALING;
    }
    return mean(f) + mean(g);
  }

  /**
   * The soft c-transform with uniform weights, {@code out_k = -eps log mean_l exp((p_l - C_kl) / eps)} for each row
   * k of a row-major {@code rows x cols} cost. Rows are independent, so they run in parallel and the result does
   * not depend on the thread count.
   */
  private static void softMin(double[] cost, double[] p, int rows, int cols, double eps, double[] out) {
    double logW = -Math.log(cols);
    IntStream.range(0, rows).parallel().forEach(k -> {
      int off = k * cols;
      double max = Double.NEGATIVE_INFINITY;
      for (int l = 0; l < cols; l++) {
        max = Math.max(max, p[l] - cost[off + l]);
      }
      double sum = 0;
      for (int l = 0; l < cols; l++) {
        sum += Math.exp((p[l] - cost[off + l] - max) / eps);
      }
      out[k] = -eps * (logW + max / eps + Math.log(sum));
    });
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
