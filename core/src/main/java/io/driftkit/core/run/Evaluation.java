package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.ModeCoverage;
import io.driftkit.core.metrics.Moments;
import io.driftkit.core.metrics.Resampling;
import io.driftkit.core.metrics.Sinkhorn;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Computes the metrics of a finished sample against what is known of the target.
 *
 * <p>Every sample metric whose value for perfect samples is not known in advance has a noise floor beside it
 * ({@code _floor}): the same metric of an independent exact draw ({@code floorReference}, the stream
 * {@code metric-floor}) of the same size against the same reference. Where the method gives importance weights,
 * the sample metrics are taken again on the resampled set ({@code _resampled}; see {@link #resample}).
 */
final class Evaluation {

  private Evaluation() {}

  /**
   * @param reference samples of the distribution to reproduce (exact target samples or held-out data), or null
   * @param floorReference an independent draw of that distribution with at least as many rows as the sample, for
   *     the noise floors, or null where there is none (fixed held-out data)
   * @param origins the rows of the weighted resample ({@link #resample}), or null without weights
   */
  static Map<String, Object> evaluate(Target target, Method.Sample sample, int[] origins, INDArray reference,
      INDArray floorReference, Settings run) {
    Map<String, Object> m = new LinkedHashMap<>();
    INDArray x = sample.samples();
    m.put("n", x.size(0));
    m.put("dim", x.size(1));
    target.logNormalizer().ifPresent(z -> m.put("log_z_true", z));
    INDArray resampled = origins == null ? null : Resampling.rows(x, origins);
    if (sample.logWeights() != null) {
      double[] lw = Rows.values(sample.logWeights());
      m.put("log_z_elbo", LogZ.elbo(lw));
      m.put("log_z_elbo_se", LogZ.elboStandardError(lw));
      double is = LogZ.importanceSampling(lw);
      m.put("log_z_is", is);
      m.put("log_z_is_se", LogZ.importanceSamplingStandardError(lw));
      m.put("ess", LogZ.normalisedEss(lw));
      target.logNormalizer().ifPresent(z -> m.put("log_z_error", LogZ.absoluteError(is, z)));
    }
    Optional<GaussianMixture> mixture = target.mixture().map(GaussianMixture::of);
    Optional<double[]> truth = mixture.map(g -> new double[] {Moments.meanOfSum(g), Moments.meanOfSumOfSquares(g)})
        .or(() -> Optional.ofNullable(reference).map(r -> new double[] {Moments.meanOfSum(r),
            Moments.meanOfSumOfSquares(r)}));
    INDArray weighted = resampled;
    truth.ifPresent(t -> {
      m.put("mean_error", Moments.sumError(x, t[0]));
      m.put("second_moment_error", Moments.sumOfSquaresError(x, t[1]));
      if (weighted != null) {
        m.put("mean_error_resampled", Moments.sumError(weighted, t[0]));
        m.put("second_moment_error_resampled", Moments.sumOfSquaresError(weighted, t[1]));
      }
    });
    if (reference != null && reference.size(0) >= 2) {
      sampleDistances(m, x, resampled, origins, reference, floorReference, run);
    }
    if (mixture.isPresent()) {
      modes(m, mixture.get(), x, resampled, floorReference);
    }
    return m;
  }

  /** MMD^2 and Sinkhorn against the reference, with floors and resampled variants. */
  private static void sampleDistances(Map<String, Object> m, INDArray x, INDArray resampled, int[] origins,
      INDArray reference, INDArray floorReference, Settings run) {
    int cap = run.get(RunSettings.METRIC_N);
    INDArray ref = head(reference, cap);
    int nx = (int) Math.min(x.size(0), cap);
    if (nx >= 2) {
      Mmd.Kernel kernel = Mmd.Kernel.multiScale(ref);
      Mmd.Estimate e = Mmd.estimate(head(x, nx), ref, kernel);
      m.put("mmd2", e.value());
      m.put("mmd2_se", e.standardError());
      if (floorReference != null) {
        m.put("mmd2_floor", Mmd.estimate(head(floorReference, nx), ref, kernel).value());
      }
      m.put("mmd_bandwidths", kernel.bandwidths().length);
      m.put("mmd_bandwidth_min", kernel.narrowest());
      m.put("mmd_bandwidth_max", kernel.widest());
      if (resampled != null) {
        Resampling.Distinct distinct = Resampling.distinct(origins, nx);
        if (distinct.origins().length >= 2) {
          Mmd.Estimate r = Mmd.estimate(Resampling.rows(x, distinct.origins()), distinct.counts(), ref, kernel);
          m.put("mmd2_resampled", r.value());
          m.put("mmd2_resampled_se", r.standardError());
        }
      }
    }
    int sinkhornN = run.get(RunSettings.SINKHORN_N);
    if (sinkhornN > 0) {
      double eps = run.get(RunSettings.SINKHORN_EPS);
      INDArray sref = head(reference, sinkhornN);
      INDArray stdRef = Sinkhorn.standardiseBy(sref, sref);
      int ns = (int) Math.min(x.size(0), sinkhornN);
      m.put("sinkhorn", Sinkhorn.divergence(Sinkhorn.standardiseBy(sref, head(x, ns)), stdRef, eps));
      if (floorReference != null) {
        m.put("sinkhorn_floor", Sinkhorn.divergence(Sinkhorn.standardiseBy(sref, head(floorReference, ns)), stdRef,
            eps));
      }
      if (resampled != null) {
        m.put("sinkhorn_resampled", Sinkhorn.divergence(Sinkhorn.standardiseBy(sref, head(resampled, ns)), stdRef,
            eps));
      }
    }
  }

  /** The on-mode metrics of a mixture target, with floors and resampled variants. */
  private static void modes(Map<String, Object> m, GaussianMixture g, INDArray x, INDArray resampled,
      INDArray floorReference) {
    ModeCoverage.Report r = ModeCoverage.evaluate(x, g);
    m.put("modes", r.components());
    m.put("mode_radius", r.radius());
    m.put("on_mode", r.onMode());
    m.put("modes_covered", r.covered());
    if (r.components() > 1) {
      m.put("mode_entropy", r.entropy());
    }
    m.put("mode_mean_offset2", r.meanOffset2());
    m.put("mode_cov_error", r.covarianceError());
    if (floorReference != null && floorReference.size(0) >= x.size(0)) {
      ModeCoverage.Report f = ModeCoverage.evaluate(head(floorReference, (int) x.size(0)), g);
      m.put("mode_mean_offset2_floor", f.meanOffset2());
      m.put("mode_cov_error_floor", f.covarianceError());
    }
    if (resampled != null) {
      ModeCoverage.Report w = ModeCoverage.evaluate(resampled, g);
      m.put("on_mode_resampled", w.onMode());
      m.put("modes_covered_resampled", w.covered());
      if (w.components() > 1) {
        m.put("mode_entropy_resampled", w.entropy());
      }
      m.put("mode_mean_offset2_resampled", w.meanOffset2());
      m.put("mode_cov_error_resampled", w.covarianceError());
    }
  }

  /**
   * Where the method has weights, the rows of a systematic resample of the sample by them (stream
   * {@code metric-resample}), as many as there are samples: the unweighted set the weights say the sampler's
   * output is worth. Null without weights.
   */
  static int[] resample(Method.Sample sample, RandomSource random) {
    if (sample.logWeights() == null) {
      return null;
    }
    return Resampling.systematic(Rows.values(sample.logWeights()), (int) sample.samples().size(0),
        random.split("metric-resample"));
  }

  /** The first {@code n} rows (samples are exchangeable, so the head is a random subset). */
  static INDArray head(INDArray x, long n) {
    return x.size(0) <= n ? x : x.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
  }
}
