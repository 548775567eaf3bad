package io.driftkit.models;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.IsotropicMixture;
import io.driftkit.toolkit.Rows;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact score {@code grad log p_t(x)} of a Gaussian-mixture law pushed through a linear forward process: p_t is
 * the mixture diffused with alpha(t), sigma(t).
 */
public final class OracleScoreModel implements DriftModel {

  private final GaussianMixture data;
  private final ForwardProcess.LinearMarginals marginals;
  /** The fast form for isotropic components (every shipped mixture target), else null. */
  private final IsotropicMixture isotropic;

  public OracleScoreModel(GaussianMixture data, ForwardProcess.LinearMarginals marginals) {
    this.data = data;
    this.marginals = marginals;
    this.isotropic = IsotropicMixture.of(data).orElse(null);
  }

  @Override
  public int dim() {
    return data.dim();
  }

  /** The law of X_t. */
  public GaussianMixture marginal(double t) {
    return data.diffuse(marginals.alpha(t), marginals.sigma(t));
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    if (isotropic != null) {
      return isotropic.score(x, marginals.alpha(t), marginals.sigma(t));
    }
    return marginal(t).score(x);
  }

  /** Straight into the mixture's row kernel: no native arrays. */
  @Override
  public void evaluate(double[] x, int n, double t, double[] out) {
    if (isotropic == null) {
      DriftModel.super.evaluate(x, n, t, out);
      return;
    }
    isotropic.score(x, n, marginals.alpha(t), marginals.sigma(t), out);
  }

  /** Rows sharing a time are scored together; one diffused mixture per distinct time. */
  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    double[] times = Rows.values(t);
    double[] values = Rows.values(x);
    int d = dim();
    Map<Double, List<Integer>> rowsByTime = new LinkedHashMap<>();
    for (int i = 0; i < times.length; i++) {
      rowsByTime.computeIfAbsent(times[i], k -> new java.util.ArrayList<>()).add(i);
    }
    double[] out = new double[values.length];
    for (Map.Entry<Double, List<Integer>> e : rowsByTime.entrySet()) {
      List<Integer> rows = e.getValue();
      double[] block = new double[rows.size() * d];
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(values, rows.get(r) * d, block, r * d, d);
      }
      double[] score = Rows.values(evaluate(Rows.matrix(block, rows.size(), d), e.getKey()));
      for (int r = 0; r < rows.size(); r++) {
        System.arraycopy(score, r * d, out, rows.get(r) * d, d);
      }
    }
    return Rows.matrix(out, times.length, d);
  }

  /** The exact score, whatever a method would like to read. */
  @Override
  public java.util.Optional<io.driftkit.api.Prediction> fixedPrediction() {
    return java.util.Optional.of(io.driftkit.api.Prediction.SCORE);
  }
}
