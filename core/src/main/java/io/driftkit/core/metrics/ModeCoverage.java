package io.driftkit.core.metrics;

import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mode metrics for a Gaussian-mixture target, from the samples that lie on a mode.
 *
 * <p>A sample counts towards component k only if its Mahalanobis distance {@code |L_k^-1 (x - mu_k)|} to that
 * component (the one with the smallest such distance) is at most a radius r; by default r^2 is the 0.99 quantile of
 * the chi-square law with d degrees of freedom ({@link #DEFAULT_MASS}), so an exact sample of a well-separated
 * mixture is on its mode with probability 0.99 (r = 3.03 for d = 2, 8.73 for d = 50). Samples between the modes, far
 * outside them or on a mode far too wide count towards none. The entropy of the nearest-mode split that this
 * replaces gave uniform noise over gmm-grid's plot box 0.9997.
 *
 * <p>The {@link Report}: the fraction of samples on some mode; the number of modes holding at least half their
 * expected on-mode mass ({@code n w_k F_d(r^2)}); the entropy of the on-mode split in base K (1: the modes are
 * visited equally often); and, per mode with at least {@link #MIN_MODE_SAMPLES} on-mode samples, in the mode's
 * whitened coordinates {@code z = L_k^-1 (x - mu_k)} with their mean m and unbiased sample covariance C:
 * <ul>
 *   <li>the squared mean offset {@code |m|^2 - tr(C) / n_k}, an unbiased estimate of the squared Mahalanobis
 *       distance between the mode's on-mode mean and mu_k (signed; a mode shifted by one standard deviation gives
 *       about 1, 0.96^2 after the cut at r). The plain {@code |m|^2} would carry the bias d / n_k, 0.5 on gmm-40
 *       with 100 samples a mode, about the size of the error to be seen;
 *   <li>the relative covariance error {@code |C / c - I|_F / sqrt(d)}, where {@code c = F_{d+2}(r^2) / F_d(r^2)}
 *       is the variance of a standard normal cut at radius r: exact samples give sampling noise (a positive bias
 *       of about {@code sqrt((d + 1) / n_k)}: 0.1 on gmm-grid, 0.8 on gmm-40 at 4000 samples), collapsed modes
 *       exactly 1, modes too wide more.
 * </ul>
 * Both are reported for the worst mode (the largest value), so one bad mode shows; compare them with the same
 * statistic of exact samples of the same size (the run's {@code _floor} keys).
 */
public final class ModeCoverage {

  /** The probability mass of a component inside the default radius. */
  public static final double DEFAULT_MASS = 0.99;
  /** Fewest on-mode samples for a mode to enter the mean and covariance errors. */
  public static final int MIN_MODE_SAMPLES = 10;
  /** Largest dimension with a covariance error: it costs d^2 / 2 per on-mode sample (NaN above). */
  public static final int MAX_COVARIANCE_DIM = 200;

  private ModeCoverage() {}

  /**
   * What {@link #evaluate} measures.
   *
   * @param components K, the number of mixture components
   * @param radius the Mahalanobis radius r
   * @param expectedOnMode {@code F_d(r^2)}: the on-mode fraction of exact samples of a well-separated mixture
   * @param onMode the fraction of samples within r of some component
   * @param counts the on-mode samples per component
   * @param covered the number of components holding at least half their expected on-mode mass
   * @param entropy the entropy of the on-mode split in base K (NaN for K = 1 or no sample on a mode)
   * @param meanOffset2 the largest unbiased squared whitened mean offset of a mode (NaN if no mode has enough
   *     samples)
   * @param covarianceError the largest relative covariance error of a mode (NaN if no mode has enough samples, or
   *     above {@link #MAX_COVARIANCE_DIM} dimensions)
   */
  public record Report(int components, double radius, double expectedOnMode, double onMode, int[] counts,
      int covered, double entropy, double meanOffset2, double covarianceError) {}

  /** The radius whose ball holds {@code mass} of a d-dimensional standard normal: sqrt of the chi-square quantile. */
  public static double radius(int dim, double mass) {
    if (!(mass > 0 && mass < 1)) {
      throw new IllegalArgumentException("mode mass must be in (0, 1), got " + mass);
    }
    return Math.sqrt(new ChiSquaredDistribution(null, dim).inverseCumulativeProbability(mass));
  }

  /** The report at the radius of {@link #DEFAULT_MASS}. */
  public static Report evaluate(INDArray samples, GaussianMixture mixture) {
    return evaluate(samples, mixture, radius(mixture.dim(), DEFAULT_MASS));
  }

  /** The report at Mahalanobis radius {@code radius}. */
  public static Report evaluate(INDArray samples, GaussianMixture mixture, double radius) {
    Samples s = Samples.of(samples, "samples");
    int d = s.d();
    if (d != mixture.dim()) {
      throw new IllegalArgumentException("samples have dimension " + d + ", the mixture " + mixture.dim());
    }
    if (!(radius > 0)) {
      throw new IllegalArgumentException("mode radius must be positive, got " + radius);
    }
    int k = mixture.components();
    Whitening[] w = new Whitening[k];
    for (int c = 0; c < k; c++) {
      w[c] = new Whitening(mixture.mean(c), mixture.covariance(c));
    }
    double r2 = radius * radius;
    int[] counts = new int[k];
    double[][] sum = new double[k][d];
    double[] squares = new double[k];
    boolean withCovariance = d <= MAX_COVARIANCE_DIM;
    double[][] outer = new double[k][withCovariance ? d * d : 0];
    double[] z = new double[d];
    double[] best = new double[d];
    for (int i = 0; i < s.n(); i++) {
      int nearest = -1;
      double min = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        double q = w[c].whiten(s.v(), i * d, z);
        if (q < min) {
          min = q;
          nearest = c;
          System.arraycopy(z, 0, best, 0, d);
        }
      }
      if (nearest >= 0 && min <= r2) {
        counts[nearest]++;
        double[] sc = sum[nearest];
        double[] oc = outer[nearest];
        for (int a = 0; a < d; a++) {
          sc[a] += best[a];
          squares[nearest] += best[a] * best[a];
        }
        if (withCovariance) {
          for (int a = 0; a < d; a++) {
            double za = best[a];
            for (int b = 0; b <= a; b++) {
              oc[a * d + b] += za * best[b];
            }
          }
        }
      }
    }
    double mass = chiSquareCdf(d, r2);
    double shrink = chiSquareCdf(d + 2, r2) / mass;
    int on = 0;
    int covered = 0;
    double meanOffset = Double.NaN;
    double covError = Double.NaN;
    for (int c = 0; c < k; c++) {
      on += counts[c];
      if (counts[c] >= 0.5 * s.n() * mixture.weight(c) * mass) {
        covered++;
      }
      int nc = counts[c];
      if (nc < MIN_MODE_SAMPLES) {
        continue;
      }
      double[] mean = new double[d];
      double offset = 0;
      for (int a = 0; a < d; a++) {
        mean[a] = sum[c][a] / nc;
        offset += mean[a] * mean[a];
      }
      // tr(C) of the unbiased sample covariance
      double trace = (squares[c] - nc * offset) / (nc - 1);
      double offset2 = offset - trace / nc;
      meanOffset = Double.isNaN(meanOffset) ? offset2 : Math.max(meanOffset, offset2);
      if (withCovariance) {
        double frob = 0;
        for (int a = 0; a < d; a++) {
          for (int b = 0; b <= a; b++) {
            double cov = (outer[c][a * d + b] - nc * mean[a] * mean[b]) / (nc - 1);
            double e = cov / shrink - (a == b ? 1 : 0);
            frob += (a == b ? 1 : 2) * e * e;
          }
        }
        double ce = Math.sqrt(frob / d);
        covError = Double.isNaN(covError) ? ce : Math.max(covError, ce);
      }
    }
    double entropy = Double.NaN;
    if (k > 1 && on > 0) {
      double h = 0;
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) {
          double p = (double) counts[c] / on;
          h -= p * Math.log(p);
        }
      }
      entropy = h / Math.log(k);
    }
    return new Report(k, radius, mass, (double) on / s.n(), counts, covered, entropy, meanOffset, covError);
  }

  /**
   * The fraction of samples whose most responsible component is k, for each k (every sample counts, however far
   * from all modes; {@link #evaluate} counts only samples on a mode).
   */
  public static double[] modeFractions(INDArray samples, GaussianMixture mixture) {
    Samples s = Samples.of(samples, "samples");
    if (s.d() != mixture.dim()) {
      throw new IllegalArgumentException("samples have dimension " + s.d() + ", the mixture " + mixture.dim());
    }
    int k = mixture.components();
    double[] r = Rows.values(mixture.responsibilities(samples));
    double[] fractions = new double[k];
    for (int i = 0; i < s.n(); i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (r[i * k + c] > r[i * k + best]) {
          best = c;
        }
      }
      fractions[best] += 1.0 / s.n();
    }
    return fractions;
  }

  private static double chiSquareCdf(int dim, double x) {
    return new ChiSquaredDistribution(null, dim).cumulativeProbability(x);
  }

  /** {@code z = L^-1 (x - mu)} for one component, with a fast path for diagonal covariances. */
  private static final class Whitening {

    private final double[] mean;
    private final double[][] cholesky;
    private final double[] inverseSd;

    Whitening(double[] mean, double[][] covariance) {
      int d = mean.length;
      this.mean = mean;
      boolean diagonal = true;
      for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
          diagonal &= a == b || covariance[a][b] == 0;
        }
      }
      if (diagonal) {
        inverseSd = new double[d];
        for (int a = 0; a < d; a++) {
          inverseSd[a] = 1 / Math.sqrt(covariance[a][a]);
        }
        cholesky = null;
      } else {
        inverseSd = null;
        cholesky = new double[d][d];
        for (int a = 0; a < d; a++) {
          for (int b = 0; b <= a; b++) {
            double t = covariance[a][b];
            for (int q = 0; q < b; q++) {
              t -= cholesky[a][q] * cholesky[b][q];
            }
            cholesky[a][b] = a == b ? Math.sqrt(t) : t / cholesky[b][b];
          }
        }
      }
    }

    /** Writes z for the row at {@code off} and returns |z|^2. */
    double whiten(double[] v, int off, double[] z) {
      int d = mean.length;
      double q = 0;
      if (inverseSd != null) {
        for (int a = 0; a < d; a++) {
          z[a] = (v[off + a] - mean[a]) * inverseSd[a];
          q += z[a] * z[a];
        }
        return q;
      }
      for (int a = 0; a < d; a++) {
        double t = v[off + a] - mean[a];
        for (int b = 0; b < a; b++) {
          t -= cholesky[a][b] * z[b];
        }
        z[a] = t / cholesky[a][a];
        q += z[a] * z[a];
      }
      return q;
    }
  }
}
