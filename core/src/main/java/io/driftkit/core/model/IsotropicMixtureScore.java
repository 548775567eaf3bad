package io.driftkit.core.model;

import io.driftkit.api.math.GaussianMixture;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The score of {@code alpha X + sigma Z} for X from a mixture of isotropic Gaussians {@code N(mu_k, v_k I)}, as a few
 * batched matrix products instead of a Java loop over rows and components: component k becomes
 * {@code N(alpha mu_k, s_k^2 I)} with {@code s_k^2 = alpha^2 v_k + sigma^2}, and
 * {@code score(x) = sum_k r_k(x) (alpha mu_k - x) / s_k^2} with responsibilities r from
 * {@code |x - m_k|^2 = |x|^2 - 2 x . m_k + |m_k|^2}.
 */
final class IsotropicMixtureScore {

  private final int dim;
  private final int components;
  private final double[] logWeights;
  private final double[] variances;
  private final INDArray meansByRow;   // [K, d]
  private final INDArray meansByColumn; // [d, K]
  private final double[] meanNorms;

  private IsotropicMixtureScore(int dim, double[] logWeights, double[] variances, double[][] means) {
    this.dim = dim;
    this.components = logWeights.length;
    this.logWeights = logWeights;
    this.variances = variances;
    this.meansByRow = Nd4j.createFromArray(means);
    this.meansByColumn = meansByRow.transpose().dup('c');
    this.meanNorms = new double[components];
    for (int k = 0; k < components; k++) {
      double s = 0;
      for (double m : means[k]) {
        s += m * m;
      }
      meanNorms[k] = s;
    }
  }

  /** The fast form of the mixture's score, or null when some component is not isotropic. */
  static IsotropicMixtureScore of(GaussianMixture mixture) {
    int d = mixture.dim();
    int k = mixture.components();
    double[] logWeights = new double[k];
    double[] variances = new double[k];
    double[][] means = new double[k][];
    for (int c = 0; c < k; c++) {
      double[][] cov = mixture.covariance(c);
      double v = cov[0][0];
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          if (cov[i][j] != (i == j ? v : 0)) {
            return null;
          }
        }
      }
      logWeights[c] = Math.log(mixture.weight(c));
      variances[c] = v;
      means[c] = mixture.mean(c);
    }
    return new IsotropicMixtureScore(d, logWeights, variances, means);
  }

  /** The score at {@code x} ({@code [n, d]}) of the mixture diffused with alpha, sigma. */
  INDArray score(INDArray x, double alpha, double sigma) {
    INDArray xs = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
    double[] inv = new double[components];
    double[] offset = new double[components];
    for (int k = 0; k < components; k++) {
      double s2 = alpha * alpha * variances[k] + sigma * sigma;
      inv[k] = 1 / s2;
      // log w_k - d/2 log(2 pi s_k^2) - |m_k|^2 / (2 s_k^2)
      offset[k] = logWeights[k] - 0.5 * dim * Math.log(2 * Math.PI * s2) - 0.5 * alpha * alpha * meanNorms[k] * inv[k];
    }
    INDArray invRow = Nd4j.createFromArray(inv).reshape(1, components);
    INDArray rowNorms = xs.mul(xs).sum(true, 1); // [n, 1]
    // logits_ik = offset_k + (alpha x_i . mu_k - |x_i|^2 / 2) / s_k^2
    INDArray logits = xs.mmul(meansByColumn).muli(alpha).subiColumnVector(rowNorms.muli(0.5)).muliRowVector(invRow)
        .addiRowVector(Nd4j.createFromArray(offset).reshape(1, components));
    INDArray r = Transforms.exp(logits.subiColumnVector(logits.max(true, 1)), false);
    r.diviColumnVector(r.sum(true, 1));
    INDArray weighted = r.muliRowVector(invRow); // r_ik / s_k^2
    // sum_k r_ik (alpha mu_k - x_i) / s_k^2
    INDArray score = weighted.mmul(meansByRow).muli(alpha);
    return score.subi(xs.mulColumnVector(weighted.sum(true, 1)));
  }
}
