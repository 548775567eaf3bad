package io.driftkit.core.metrics;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum mean discrepancy: the signed unbiased U-statistic MMD^2 (Gretton et al. 2012, eq. 3) with a jackknife
 * standard error, for a kernel that is the mean of Gaussian kernels {@code exp(-|x - y|^2 / (2 h^2))} over one or
 * more bandwidths h.
 *
 * <p><b>Kernel.</b> A single bandwidth at the median distance (the usual heuristic) is blind inside the modes of a
 * spread-out target: on gmm-grid the median distance is about 7 while a mode is 0.55 wide, and collapsed modes,
 * modes four times too wide and exact samples all gave MMD^2 within noise of 0. {@link Kernel#multiScale} takes
 * the bandwidths {@code h_max / 2^l}, l = 0, 1, ..., from the reference's median pairwise distance {@code h_max}
 * down to the first one at or below a quarter of the reference's median nearest-neighbour distance: on gmm-grid
 * (2000 exact points) 7.0 down to 0.014 in ten steps, on gmm-40 232 down to 1.8 in eight, on funnel 7.4 down to 0.23
 * in six. The kernel depends on the reference only, so a sampler's output and an independent exact draw (the noise
 * floor) are measured with the same kernel.
 *
 * <p><b>Estimator.</b> With weights v on the first set (1 for plain samples; multiplicities for a resampled set,
 * so that copies of one sample never pair with each other):
 * {@code MMD^2 = sum_{a != b} v_a v_b k(x_a, x_b) / (V^2 - sum v^2) + sum_{j != l} k(y_j, y_l) / (m (m - 1))
 * - 2 sum_a v_a sum_j k(x_a, y_j) / (V m)}, V = sum v. With v = 1 this is unbiased; it is signed and slightly
 * negative about half the time when the two laws agree, and it is never clamped.
 *
 * <p><b>Standard error.</b> The two-sample delete-one jackknife: {@code (N-1)/N sum_a (T_(-a) - mean)^2 +
 * (m-1)/m sum_j (T_(-j) - mean)^2} over the N points of the first set and the m of the second, each leave-one-out
 * value in O(1) from the kernel row sums. By the Efron-Stein inequality its square is conservative in
 * expectation. Measured over redraws: 1.29-1.33 times the actual standard deviation when the two laws agree (where
 * the statistic is degenerate; 300 points in 2-d, and 400 on gmm-grid), 0.98-1.26 when they differ.
 *
 * <p><b>Cost.</b> O((n + m)^2 d) kernel evaluations in parallel chunks (a fixed number, so sums do not depend on the
 * thread count), vectorised over the inner index ({@link FastExp}); the second set is held as coordinate columns so
 * the distance loop reads and writes at the same index.
 */
public final class Mmd {

  /** Points of each set used for the median distance, so its cost stays bounded. */
  private static final int MEDIAN_POINTS = 1000;
  /** The narrowest bandwidth of {@link Kernel#multiScale} is at most this fraction of the median NN distance. */
  public static final double NEAREST_FRACTION = 0.25;
  /** Most bandwidths of a multi-scale kernel (a factor of 2^15 from the widest to the narrowest). */
  public static final int MAX_BANDWIDTHS = 16;
  /** Parallel chunks of rows; fixed, so that the floating-point sums do not depend on the machine. */
  private static final int CHUNKS = 16;

  private Mmd() {}

  /**
   * A kernel {@code k(x, y) = mean_l exp(-|x - y|^2 / (2 h_l^2))}, so {@code k(x, x) = 1}.
   *
   * @param bandwidths the h_l, each positive and finite
   */
  public record Kernel(double[] bandwidths) {

    public Kernel {
      if (bandwidths == null || bandwidths.length == 0) {
        throw new IllegalArgumentException("a kernel needs at least one bandwidth");
      }
      bandwidths = bandwidths.clone();
      for (double h : bandwidths) {
        if (!(h > 0) || Double.isInfinite(h)) {
          throw new IllegalArgumentException("MMD bandwidth must be positive and finite, got " + h);
        }
      }
    }

    @Override
    public double[] bandwidths() {
      return bandwidths.clone();
    }

    /** The Gaussian kernel of bandwidth h. */
    public static Kernel gaussian(double h) {
      return new Kernel(new double[] {h});
    }

    /**
     * The multi-scale kernel of a reference set: bandwidths {@code h_max / 2^l} from its median pairwise distance
     * (first 1000 points) down to the first at or below {@link #NEAREST_FRACTION} of its median nearest-neighbour
     * distance, at most {@link #MAX_BANDWIDTHS} of them.
     */
    public static Kernel multiScale(INDArray reference) {
      Samples r = Samples.of(reference, "reference");
      if (r.n() < 2) {
        throw new IllegalArgumentException("a multi-scale kernel needs at least 2 reference points");
      }
      double max = medianDistance(r, Math.min(r.n(), MEDIAN_POINTS));
      if (!(max > 0)) {
        throw new IllegalArgumentException("median distance of the reference is 0 (more than half its points "
            + "coincide); give the bandwidths explicitly");
      }
      double nearest = medianNearestNeighbour(r);
      int count = MAX_BANDWIDTHS;
      if (nearest > 0) {
        count = (int) Math.min(MAX_BANDWIDTHS,
            1 + Math.max(0, Math.ceil(Math.log(max / (NEAREST_FRACTION * nearest)) / Math.log(2) - 1e-12)));
      }
      double[] h = new double[count];
      for (int l = 0; l < count; l++) {
        h[l] = max / Math.pow(2, l);
      }
      return new Kernel(h);
    }

    /** The widest bandwidth. */
    public double widest() {
      return Arrays.stream(bandwidths).max().orElseThrow();
    }

    /** The narrowest bandwidth. */
    public double narrowest() {
      return Arrays.stream(bandwidths).min().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Kernel k && Arrays.equals(bandwidths, k.bandwidths);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bandwidths);
    }

    @Override
    public String toString() {
      return "Kernel" + Arrays.toString(bandwidths);
    }
  }

  /**
   * An MMD^2 estimate.
   *
   * @param value the signed unbiased MMD^2
   * @param standardError its jackknife standard error (NaN with fewer than 3 points or units in a set)
   */
  public record Estimate(double value, double standardError) {}

  /** Unbiased MMD^2 of x against y with its jackknife standard error. Needs at least two points in each set. */
  public static Estimate estimate(INDArray x, INDArray y, Kernel kernel) {
    return estimate(Samples.of(x, "x"), null, Samples.of(y, "y"), kernel);
  }

  /**
   * The weighted form (class comment) for a first set whose row a carries weight {@code weights[a] >= 0}: pairs
   * {@code a != b} of rows enter the within-set term with weight {@code v_a v_b}. For a resampled set give the
   * distinct samples with their multiplicities, so copies of one sample are not counted as independent pairs.
   * The jackknife then leaves out one distinct sample (all its copies) at a time.
   */
  public static Estimate estimate(INDArray x, double[] weights, INDArray y, Kernel kernel) {
    Samples a = Samples.of(x, "x");
    if (weights == null || weights.length != a.n()) {
      throw new IllegalArgumentException("need one weight per row of x (" + a.n() + "), got "
          + (weights == null ? "null" : weights.length));
    }
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("MMD weights must be finite and non-negative, got " + w);
      }
    }
    return estimate(a, weights.clone(), Samples.of(y, "y"), kernel);
  }

  /** Unbiased MMD^2 with the Gaussian kernel of bandwidth h. Needs at least two points in each set. */
  public static double squared(INDArray x, INDArray y, double bandwidth) {
    return estimate(x, y, Kernel.gaussian(bandwidth)).value();
  }

  /** Unbiased MMD^2 with the median-heuristic bandwidth of the pooled sample (one bandwidth; see the class). */
  public static double squared(INDArray x, INDArray y) {
    return squared(x, y, medianBandwidth(x, y));
  }

  /** The median heuristic bandwidth: the median distance between points of the pooled sample (1000 of each). */
  public static double medianBandwidth(INDArray x, INDArray y) {
    Samples a = Samples.of(x, "x");
    Samples b = Samples.of(y, "y");
    Samples.sameDim(a, b);
    int na = Math.min(a.n(), MEDIAN_POINTS);
    int nb = Math.min(b.n(), MEDIAN_POINTS);
    double[] pooled = new double[(na + nb) * a.d()];
    System.arraycopy(a.v(), 0, pooled, 0, na * a.d());
    System.arraycopy(b.v(), 0, pooled, na * a.d(), nb * a.d());
    double med = medianDistance(new Samples(pooled, na + nb, a.d()), na + nb);
    if (!(med > 0)) {
      throw new IllegalArgumentException("median distance is 0 (more than half the pooled points coincide); "
          + "give a bandwidth explicitly");
    }
    return med;
  }

  private static Estimate estimate(Samples a, double[] v, Samples b, Kernel kernel) {
    Samples.sameDim(a, b);
    int n = a.n();
    int m = b.n();
    if (n < 2 || m < 2) {
      throw new IllegalArgumentException("unbiased MMD needs at least 2 points per set, got " + n + " and " + m);
    }
    double[] g = gammas(kernel);
    double[] rx = new double[n];
    double[] ry = new double[m];
    double[] cx = new double[n];
    double[] cy = new double[m];
    sums(a, v, a, v, true, g, rx, null);
    sums(b, null, b, null, true, g, ry, null);
    sums(a, v, b, null, false, g, cx, cy);
    double big = 0;
    double squares = 0;
    double within = 0;
    double cross = 0;
    int units = 0;
    for (int i = 0; i < n; i++) {
      double w = v == null ? 1 : v[i];
      big += w;
      squares += w * w;
      within += w * rx[i];
      cross += w * cx[i];
      units += w > 0 ? 1 : 0;
    }
    double pairs = big * big - squares;
    if (!(pairs > 0)) {
      throw new IllegalArgumentException("the weighted MMD needs positive weight on at least 2 points of x");
    }
    double yy = 0;
    for (double r : ry) {
      yy += r;
    }
    double yTerm = yy / ((double) m * (m - 1));
    double value = within / pairs + yTerm - 2 * cross / (big * m);
    // delete-one jackknife over the units of x (points with positive weight) and the points of y
    double se = Double.NaN;
    if (units >= 3 && m >= 3) {
      double[] tx = new double[units];
      int u = 0;
      for (int i = 0; i < n; i++) {
        double w = v == null ? 1 : v[i];
        if (w > 0) {
          double bigI = big - w;
          tx[u++] = (within - 2 * w * rx[i]) / (bigI * bigI - (squares - w * w)) + yTerm
              - 2 * (cross - w * cx[i]) / (bigI * m);
        }
      }
      double xTerm = within / pairs;
      double[] ty = new double[m];
      for (int j = 0; j < m; j++) {
        ty[j] = xTerm + (yy - 2 * ry[j]) / ((double) (m - 1) * (m - 2)) - 2 * (cross - cy[j]) / (big * (m - 1));
      }
      se = Math.sqrt(jackknifeVariance(tx) + jackknifeVariance(ty));
    }
    return new Estimate(value, se);
  }

  private static double jackknifeVariance(double[] t) {
    double mean = 0;
    for (double x : t) {
      mean += x;
    }
    mean /= t.length;
    double s = 0;
    for (double x : t) {
      s += (x - mean) * (x - mean);
    }
    return s * (t.length - 1) / t.length;
  }

  private static double[] gammas(Kernel kernel) {
    double[] h = kernel.bandwidths;
    double[] g = new double[h.length];
    for (int l = 0; l < h.length; l++) {
      g[l] = -1 / (2 * h[l] * h[l]);
    }
    return g;
  }

  /**
   * Kernel row sums {@code rows[i] = sum_j wb_j k(a_i, b_j)} and, unless {@code within}, column sums
   * {@code cols[j] = sum_i wa_i k(a_i, b_j)}; with {@code within} (a == b) the diagonal is left out and only the
   * upper triangle is evaluated. Null weights are ones.
   */
  private static void sums(Samples a, double[] wa, Samples b, double[] wb, boolean within, double[] g,
      double[] rows, double[] cols) {
    int n = a.n();
    int m = b.n();
    int d = a.d();
    double[][] columns = columns(b);
    int chunks = Math.min(CHUNKS, n);
    double[][] colParts = new double[chunks][];
    double[][] rowParts = new double[chunks][];
    double scale = 1.0 / g.length;
    IntStream.range(0, chunks).parallel().forEach(c -> {
      double[] d2 = new double[m];
      double[] k = new double[m];
      double[] colSum = new double[m];
      double[] rowSum = new double[n];
      // rows interleaved over chunks: the triangle's rows shrink, and this keeps the chunks even
      for (int i = c; i < n; i += chunks) {
        int from = within ? i + 1 : 0;
        if (from >= m) {
          continue;
        }
        Arrays.fill(d2, from, m, 0.0);
        int off = i * d;
        for (int q = 0; q < d; q++) {
          double p = a.v()[off + q];
          double[] col = columns[q];
          for (int j = from; j < m; j++) {
            double t = p - col[j];
            d2[j] += t * t;
          }
        }
        Arrays.fill(k, from, m, 0.0);
        for (double gl : g) {
          for (int j = from; j < m; j++) {
            k[j] += FastExp.expNonPositive(gl * d2[j]);
          }
        }
        double s = 0;
        if (wb == null) {
          for (int j = from; j < m; j++) {
            s += k[j];
          }
        } else {
          for (int j = from; j < m; j++) {
            s += wb[j] * k[j];
          }
        }
        rowSum[i] += s * scale;
        double wi = (wa == null ? 1 : wa[i]) * scale;
        for (int j = from; j < m; j++) {
          colSum[j] += wi * k[j];
        }
      }
      colParts[c] = colSum;
      rowParts[c] = rowSum;
    });
    for (int c = 0; c < chunks; c++) {
      for (int i = 0; i < n; i++) {
        rows[i] += rowParts[c][i];
      }
    }
    if (within) {
      // k is symmetric: the lower triangle of row i is column i of the upper triangle
      for (int c = 0; c < chunks; c++) {
        for (int i = 0; i < n; i++) {
          rows[i] += colParts[c][i];
        }
      }
    } else {
      for (int c = 0; c < chunks; c++) {
        for (int j = 0; j < m; j++) {
          cols[j] += colParts[c][j];
        }
      }
    }
  }

  /** The points as coordinate columns {@code [d][n]}, so loops over points read contiguous arrays. */
  private static double[][] columns(Samples s) {
    double[][] c = new double[s.d()][s.n()];
    for (int i = 0; i < s.n(); i++) {
      for (int q = 0; q < s.d(); q++) {
        c[q][i] = s.v()[i * s.d() + q];
      }
    }
    return c;
  }

  /** The median of the pairwise distances among the first {@code count} points. */
  private static double medianDistance(Samples s, int count) {
    double[] dist = new double[count * (count - 1) / 2];
    int k = 0;
    for (int i = 0; i < count; i++) {
      for (int j = i + 1; j < count; j++) {
        dist[k++] = Samples.squaredDistance(s, i, s, j);
      }
    }
    Arrays.sort(dist);
    return dist.length % 2 == 1 ? Math.sqrt(dist[dist.length / 2])
        : 0.5 * (Math.sqrt(dist[dist.length / 2 - 1]) + Math.sqrt(dist[dist.length / 2]));
  }

  /** The median over the points of the distance to their nearest other point. */
  private static double medianNearestNeighbour(Samples s) {
    int n = s.n();
    double[][] columns = columns(s);
    double[] nearest = new double[n];
    int chunks = Math.min(CHUNKS, n);
    IntStream.range(0, chunks).parallel().forEach(c -> {
      double[] d2 = new double[n];
      for (int i = c; i < n; i += chunks) {
        Arrays.fill(d2, 0.0);
        for (int q = 0; q < s.d(); q++) {
          double p = s.v()[i * s.d() + q];
          double[] col = columns[q];
          for (int j = 0; j < n; j++) {
            double t = p - col[j];
            d2[j] += t * t;
          }
        }
        d2[i] = Double.POSITIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          min = Math.min(min, d2[j]);
        }
        nearest[i] = Math.sqrt(min);
      }
    });
    Arrays.sort(nearest);
    return n % 2 == 1 ? nearest[n / 2] : 0.5 * (nearest[n / 2 - 1] + nearest[n / 2]);
  }
}
