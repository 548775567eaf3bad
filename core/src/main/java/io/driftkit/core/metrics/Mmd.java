package io.driftkit.core.metrics;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maximum mean discrepancy with the Gaussian kernel {@code k(x, y) = exp(-|x - y|^2 / (2 h^2))}. The squared MMD
 * is the unbiased U-statistic (Gretton et al. 2012, eq. 3), so it can be slightly negative; the default bandwidth
 * h is the median heuristic: the median distance between points of the pooled sample (on at most 1000 points of
 * each set, the first ones, so its cost stays bounded).
 */
public final class Mmd {

  private static final int MEDIAN_POINTS = 1000;

  private Mmd() {}

  /** Unbiased MMD^2 with the median-heuristic bandwidth. */
  public static double squared(INDArray x, INDArray y) {
    Samples a = Samples.of(x, "x");
    Samples b = Samples.of(y, "y");
    return squared(a, b, medianBandwidth(a, b));
  }

  /** Unbiased MMD^2 with a given bandwidth h. Needs at least two points in each set. */
  public static double squared(INDArray x, INDArray y, double bandwidth) {
    return squared(Samples.of(x, "x"), Samples.of(y, "y"), bandwidth);
  }

  /** sqrt(max(0, unbiased MMD^2)) with the median bandwidth. */
  public static double distance(INDArray x, INDArray y) {
    return Math.sqrt(Math.max(0, squared(x, y)));
  }

  /** The median heuristic bandwidth of the pooled sample. */
  public static double medianBandwidth(INDArray x, INDArray y) {
    return medianBandwidth(Samples.of(x, "x"), Samples.of(y, "y"));
  }

  static double squared(Samples a, Samples b, double h) {
    Samples.sameDim(a, b);
    if (a.n() < 2 || b.n() < 2) {
      throw new IllegalArgumentException("unbiased MMD needs at least 2 points per set, got " + a.n() + " and "
          + b.n());
    }
    if (!(h > 0)) {
      throw new IllegalArgumentException("MMD bandwidth must be positive, got " + h);
    }
    double gamma = 1 / (2 * h * h);
    double xx = withinMean(a, gamma);
    double yy = withinMean(b, gamma);
    double xy = 0;
    for (int i = 0; i < a.n(); i++) {
      for (int j = 0; j < b.n(); j++) {
        xy += Math.exp(-gamma * Samples.squaredDistance(a, i, b, j));
      }
    }
    return xx + yy - 2 * xy / ((double) a.n() * b.n());
  }

  /** Mean of k(x_i, x_j) over i != j. */
  private static double withinMean(Samples a, double gamma) {
    double s = 0;
    for (int i = 0; i < a.n(); i++) {
      for (int j = i + 1; j < a.n(); j++) {
        s += Math.exp(-gamma * Samples.squaredDistance(a, i, a, j));
      }
    }
    return 2 * s / ((double) a.n() * (a.n() - 1));
  }

  static double medianBandwidth(Samples a, Samples b) {
    Samples.sameDim(a, b);
    int na = Math.min(a.n(), MEDIAN_POINTS);
    int nb = Math.min(b.n(), MEDIAN_POINTS);
    int m = na + nb;
    double[] pooled = new double[m * a.d()];
    System.arraycopy(a.v(), 0, pooled, 0, na * a.d());
    System.arraycopy(b.v(), 0, pooled, na * a.d(), nb * a.d());
    Samples p = new Samples(pooled, m, a.d());
    double[] dist = new double[m * (m - 1) / 2];
    int k = 0;
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        dist[k++] = Samples.squaredDistance(p, i, p, j);
      }
    }
    Arrays.sort(dist);
    double med = dist.length % 2 == 1 ? Math.sqrt(dist[dist.length / 2])
        : 0.5 * (Math.sqrt(dist[dist.length / 2 - 1]) + Math.sqrt(dist[dist.length / 2]));
    if (!(med > 0)) {
      throw new IllegalArgumentException("median distance is 0 (more than half the pooled points coincide); "
          + "give a bandwidth explicitly");
    }
    return med;
  }
}
