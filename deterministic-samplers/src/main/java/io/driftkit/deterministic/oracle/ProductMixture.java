package io.driftkit.deterministic.oracle;

import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.toolkit.GaussianMixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Gaussian mixture whose coordinates are independent, as the product of one 1-D mixture per coordinate: every
 * component has a diagonal covariance, and the components are all combinations of per-coordinate (mean, variance)
 * pairs with product weights (a single Gaussian with diagonal covariance, or a grid of modes such as gmm-grid).
 */
public final class ProductMixture {

  private final List<GaussianMixture> marginals;

  private ProductMixture(List<GaussianMixture> marginals) {
    this.marginals = marginals;
  }

  /** The 1-D mixture of coordinate i. */
  public GaussianMixture marginal(int i) {
    return marginals.get(i);
  }

  public int dim() {
    return marginals.size();
  }

  /** The factorisation of a mixture, if it has one. */
  public static Optional<ProductMixture> of(GaussianMixtureSpec spec) {
    int d = spec.dim();
    int k = spec.components();
    double total = 0;
    for (double w : spec.weights()) {
      total += w;
    }
    List<Map<List<Double>, Double>> perCoordinate = new ArrayList<>();
    for (int i = 0; i < d; i++) {
      perCoordinate.add(new LinkedHashMap<>());
    }
    for (int c = 0; c < k; c++) {
      double[][] cov = spec.covariances()[c];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          if (i != j && cov[i][j] != 0) {
            return Optional.empty();
          }
        }
        perCoordinate.get(i).merge(List.of(spec.means()[c][i], cov[i][i]), spec.weights()[c] / total, Double::sum);
      }
    }
    long combinations = 1;
    for (Map<List<Double>, Double> m : perCoordinate) {
      combinations *= m.size();
    }
    if (combinations != k) {
      return Optional.empty();
    }
    for (int c = 0; c < k; c++) {
      double product = 1;
      for (int i = 0; i < d; i++) {
        product *= perCoordinate.get(i).get(List.of(spec.means()[c][i], spec.covariances()[c][i][i]));
      }
      if (Math.abs(product - spec.weights()[c] / total) > 1e-12 * product) {
        return Optional.empty();
      }
    }
    List<GaussianMixture> marginals = new ArrayList<>();
    for (Map<List<Double>, Double> m : perCoordinate) {
      int size = m.size();
      double[] w = new double[size];
      double[][] mu = new double[size][1];
      double[] var = new double[size];
      int c = 0;
      for (Map.Entry<List<Double>, Double> e : m.entrySet()) {
        mu[c][0] = e.getKey().get(0);
        var[c] = e.getKey().get(1);
        w[c] = e.getValue();
        c++;
      }
      marginals.add(GaussianMixture.isotropic(w, mu, var));
    }
    return Optional.of(new ProductMixture(marginals));
  }
}
