package io.driftkit.core.metrics;

import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Entropic mode coverage (Blessing et al. 2024, "Beyond ELBOs"): assign each sample to its most responsible
 * mixture component, take the fraction p_k of samples per component, and return the entropy of p in base K,
 * {@code -sum_k p_k log_K p_k}. 1 means the K modes are visited equally often (the ideal for equal-weight
 * mixtures), 0 means all samples sit in one mode.
 */
public final class ModeCoverage {

  private ModeCoverage() {}

  /** The fraction of samples whose most responsible component is k, for each k. */
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

  /** The entropic mode coverage in [0, 1]. */
  public static double entropic(INDArray samples, GaussianMixture mixture) {
    int k = mixture.components();
    if (k < 2) {
      throw new IllegalArgumentException("mode coverage needs a mixture of at least 2 components");
    }
    double h = 0;
    for (double p : modeFractions(samples, mixture)) {
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h / Math.log(k);
  }
}
