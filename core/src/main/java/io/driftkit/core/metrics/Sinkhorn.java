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
 * eps from the squared diameter down to the requested value ("eps-scaling", 2 sweeps per stage, factor 0.85:
 * slow annealing keeps the warm start close; with factor 0.5 the final stage stalled for eps = 1e-3 on standard
 * normals, over 20000 sweeps). At the final eps the updates are over-relaxed, {@code f <- f + 1.85 (T(g) - f)}
 * (Thibault et al. 2017), which cut the sweeps there 2-5 fold on exact gmm-grid samples, where moving mass between
 * modes is the slow part. It sweeps until (sweeps at this eps) x (last change of the dual value) is below the
 * tolerance times the value, which bounds what is left to gain when the value converges like 1/sweeps or faster;
 * a final plain update then makes the returned value an exact dual value. Measured at eps = 0.05 on standardised
 * exact samples, n = 1000: 150-400 sweeps on gmm-grid, about 350 on funnel, about 1500 on gmm-40 (40 separated
 * modes in 50-d). One soft-min pass over a 1000 x 1000 cost took 2.7 ms on the two cores with other work running
 * (16-20 ms with Math.exp): the loop runs chunks of rows in parallel on {@link FastExp}.
 */
public final class Sinkhorn {

  private static final int MAX_SWEEPS = 20_000;
  private static final double SCALING = 0.85;
  private static final int STAGE_SWEEPS = 2;
  /** Over-relaxation of the updates at the final eps (Thibault et al. 2017): any value in (1, 2) converges. */
  private static final double OVER_RELAXATION = 1.85;
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

  /**
   * Standardises {@code x} with the per-coordinate mean and standard deviation of {@code reference} (a coordinate
   * that is constant in the reference is only centred). Measuring every sample set in the reference's units keeps
   * the geometry, and so the value of eps, the same for a sampler's output and for the noise floor (exact against
   * exact); a pooled scale would shrink a sampler's errors by its own spread.
   */
  public static INDArray standardiseBy(INDArray reference, INDArray x) {
    Samples r = Samples.of(reference, "reference");
    Samples a = Samples.of(x, "x");
    Samples.sameDim(r, a);
    int d = r.d();
    double[] mean = new double[d];
    double[] sq = new double[d];
    for (int i = 0; i < r.v().length; i++) {
      mean[i % d] += r.v()[i];
    }
    for (int k = 0; k < d; k++) {
      mean[k] /= r.n();
    }
    for (int i = 0; i < r.v().length; i++) {
      double t = r.v()[i] - mean[i % d];
      sq[i % d] += t * t;
    }
    double[] sd = new double[d];
    for (int k = 0; k < d; k++) {
      sd[k] = Math.sqrt(sq[k] / r.n());
      if (sd[k] == 0) {
        sd[k] = 1;
      }
    }
    return scale(a, mean, sd);
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
   * alternating updates while eps is annealed, then over-relaxed ones at the final eps (see the class comment).
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
    double[][] scratch = scratchRows(Math.max(n, m), Math.max(n, m));
    double[] f = new double[n];
    double[] g = symmetric ? f : new double[m];
    double[] t = new double[Math.max(n, m)];
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
          softMin(cost, f, n, n, current, t, scratch);
          for (int i = 0; i < n; i++) {
            f[i] = 0.5 * (f[i] + t[i]);
          }
        } else if (!last) {
          softMin(costT, f, m, n, current, g, scratch);
          softMin(cost, g, n, m, current, f, scratch);
        } else {
          softMin(costT, f, m, n, current, t, scratch);
          for (int j = 0; j < m; j++) {
            g[j] += OVER_RELAXATION * (t[j] - g[j]);
          }
          softMin(cost, g, n, m, current, t, scratch);
          for (int i = 0; i < n; i++) {
            f[i] += OVER_RELAXATION * (t[i] - f[i]);
          }
        }
        sweeps++;
        stageSweeps++;
        if (!last) {
          if (stageSweeps >= (symmetric ? SYMMETRIC_STAGE_SWEEPS : STAGE_SWEEPS)) {
            break;
          }
          continue;
        }
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
          // near the optimum the value changes geometrically (over-relaxed) or about like 1/sweeps (plain), so
          // sweeps x last change bounds what is left to gain
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
    if (!symmetric) {
      // one plain f-update: with f = T(g) the rows of the plan sum to a, so <a, f> + <b, g> is the dual value
      softMin(cost, g, n, m, eps, f, scratch);
    }
    return mean(f) + mean(g);
  }

  /** One scratch row per chunk of rows; a few chunks per core so uneven rows still balance. */
  private static double[][] scratchRows(int rows, int cols) {
    int chunks = Math.max(1, Math.min(rows, 4 * Runtime.getRuntime().availableProcessors()));
    return new double[chunks][cols];
  }

  /**
   * The soft c-transform with uniform weights, {@code out_k = -eps log mean_l exp((p_l - C_kl) / eps)} for each row
   * k of a row-major {@code rows x cols} cost. Rows are independent, so chunks of them run in parallel and the
   * result does not depend on the thread count. Each row is copied into its chunk's scratch row first, so the
   * exponential loop reads and writes at the same index and vectorises ({@link FastExp}).
   */
  private static void softMin(double[] cost, double[] p, int rows, int cols, double eps, double[] out,
      double[][] scratch) {
    double logW = -Math.log(cols);
    double inverse = 1 / eps;
    int chunks = Math.min(scratch.length, rows);
    IntStream.range(0, chunks).parallel().forEach(c -> {
      double[] row = scratch[c];
      int from = (int) ((long) rows * c / chunks);
      int to = (int) ((long) rows * (c + 1) / chunks);
      for (int k = from; k < to; k++) {
        System.arraycopy(cost, k * cols, row, 0, cols);
        double max = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < cols; l++) {
          row[l] = p[l] - row[l];
        }
        for (int l = 0; l < cols; l++) {
          max = Math.max(max, row[l]);
        }
        double shift = -max * inverse;
        for (int l = 0; l < cols; l++) {
          row[l] = FastExp.expNonPositive(row[l] * inverse + shift);
        }
        out[k] = -eps * logW - max - eps * Math.log(FastExp.sum(row, cols));
      }
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
