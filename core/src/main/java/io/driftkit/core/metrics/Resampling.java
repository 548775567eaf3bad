package io.driftkit.core.metrics;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.PathWeights;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turning importance-weighted samples into an unweighted set, so the sample metrics can be taken on what the
 * weights say the sampler's output is worth.
 */
public final class Resampling {

  private Resampling() {}

  /**
   * Systematic resampling: {@code n} indices drawn by the normalised weights {@code exp(logW)} with one uniform
   * {@code u} (index i is taken once for every point {@code (u + k) / n} that falls into its slice of the weight
   * CDF, so its count is within 1 of {@code n w_i}), then shuffled with the same stream, so that the first rows of
   * the result are a random subset too. Non-finite log weights (NaN, -infinity) get weight 0.
   *
   * @throws IllegalArgumentException if no weight is positive and finite, or one is +infinity
   */
  public static int[] systematic(double[] logW, int n, RandomSource random) {
    if (n < 1) {
      throw new IllegalArgumentException("resample size must be positive, got " + n);
    }
    boolean anyFinite = false;
    for (double v : logW) {
      if (v == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("a log weight is +infinity");
      }
      anyFinite |= Double.isFinite(v);
    }
    if (!anyFinite) {
      throw new IllegalArgumentException("no finite log weight to resample by");
    }
    // the plugins' scheme (toolkit), then a shuffle from the same stream so that any head of the result is random
    int[] out = PathWeights.systematic(logW, n, random);
    for (int k = n - 1; k > 0; k--) {
      int j = random.nextInt(k + 1);
      int t = out[k];
      out[k] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** The rows {@code x[indices[0]], x[indices[1]], ...} as a new {@code [indices.length, d]} array. */
  public static INDArray rows(INDArray x, int[] indices) {
    Samples s = Samples.of(x, "x");
    double[] out = new double[indices.length * s.d()];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(s.v(), indices[k] * s.d(), out, k * s.d(), s.d());
    }
    return Rows.matrix(out, indices.length, s.d());
  }

  /**
   * The distinct indices among the first {@code count} of {@code indices}, ascending, with how often each occurs:
   * the form {@link Mmd#estimate(INDArray, double[], INDArray, Mmd.Kernel)} takes for a resampled set.
   */
  public static Distinct distinct(int[] indices, int count) {
    int[] head = Arrays.copyOf(indices, Math.min(count, indices.length));
    Arrays.sort(head);
    int unique = 0;
    for (int k = 0; k < head.length; k++) {
      if (k == 0 || head[k] != head[k - 1]) {
        unique++;
      }
    }
    int[] origins = new int[unique];
    double[] counts = new double[unique];
    int u = -1;
    for (int k = 0; k < head.length; k++) {
      if (k == 0 || head[k] != head[k - 1]) {
        origins[++u] = head[k];
      }
      counts[u]++;
    }
    return new Distinct(origins, counts);
  }

  /**
   * Distinct sample indices with their multiplicities.
   *
   * @param origins the distinct indices, ascending
   * @param counts how often each was drawn
   */
  public record Distinct(int[] origins, double[] counts) {}
}
