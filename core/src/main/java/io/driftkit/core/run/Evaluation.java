package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.ModeCoverage;
import io.driftkit.core.metrics.Moments;
import io.driftkit.core.metrics.Sinkhorn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Computes the metrics of a finished sample against what is known of the target. */
final class Evaluation {

  private Evaluation() {}

  /**
   * @param reference samples of the distribution to reproduce (exact target samples or held-out data), or null
   */
  static Map<String, Object> evaluate(Target target, Method.Sample sample, INDArray reference, Settings run) {
    Map<String, Object> m = new LinkedHashMap<>();
    INDArray x = sample.samples();
    m.put("n", x.size(0));
    m.put("dim", x.size(1));
    target.logNormalizer().ifPresent(z -> m.put("log_z_true", z));
    if (sample.logWeights() != null) {
      double[] lw = Rows.values(sample.logWeights());
      m.put("log_z_elbo", LogZ.elbo(lw));
      double is = LogZ.importanceSampling(lw);
      m.put("log_z_is", is);
      m.put("ess", LogZ.normalisedEss(lw));
      target.logNormalizer().ifPresent(z -> m.put("log_z_error", LogZ.absoluteError(is, z)));
    }
    Optional<GaussianMixture> mixture = target.mixture().map(GaussianMixture::of);
    Optional<double[]> truth = mixture.map(g -> new double[] {Moments.meanOfSum(g), Moments.meanOfSumOfSquares(g)})
        .or(() -> Optional.ofNullable(reference).map(r -> new double[] {Moments.meanOfSum(r),
            Moments.meanOfSumOfSquares(r)}));
    truth.ifPresent(t -> {
      m.put("mean_error", Moments.sumError(x, t[0]));
      m.put("second_moment_error", Moments.sumOfSquaresError(x, t[1]));
    });
    if (reference != null) {
      int cap = run.get(RunSettings.METRIC_N);
      m.put("mmd", Mmd.distance(head(x, cap), head(reference, cap)));
      int sinkhornN = run.get(RunSettings.SINKHORN_N);
      if (sinkhornN > 0) {
        INDArray[] std = Sinkhorn.standardise(head(x, sinkhornN), head(reference, sinkhornN));
        m.put("sinkhorn", Sinkhorn.divergence(std[0], std[1], run.get(RunSettings.SINKHORN_EPS)));
      }
    }
    mixture.filter(g -> g.components() > 1).ifPresent(g -> m.put("mode_coverage", ModeCoverage.entropic(x, g)));
    return m;
  }

  /** The first {@code n} rows (samples are exchangeable, so the head is a random subset). */
  static INDArray head(INDArray x, int n) {
    return x.size(0) <= n ? x : x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, n),
        org.nd4j.linalg.indexing.NDArrayIndex.all());
  }
}
