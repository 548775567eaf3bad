package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.Rows;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Computes the metrics of a finished sample against what is known of the target. */
final class Evaluation {

  private Evaluation() {}

  /**
   * @param reference exact target samples, or null where the target has none
   */
  static Map<String, Object> evaluate(Target target, Method.Sample sample, INDArray reference, int metricN,
      RandomSource random) {
    Map<String, Object> m = new LinkedHashMap<>();
    INDArray x = sample.samples();
    m.put("n", x.size(0));
    m.put("dim", x.size(1));
    Optional<double[]> truth = sumMoments(target, reference);
    truth.ifPresent(t -> {
      double[] got = sumMoments(x);
      m.put("mean_error", Math.abs(got[0] - t[0]));
      m.put("second_moment_error", Math.abs(got[1] - t[1]));
    });
    target.logNormalizer().ifPresent(z -> m.put("log_z_true", z));
    return m;
  }

  /** E[sum x] and E[sum x^2]: exact for mixtures, else estimated from the reference samples. */
  private static Optional<double[]> sumMoments(Target target, INDArray reference) {
    Optional<GaussianMixture> mix = target.mixture();
    if (mix.isPresent()) {
      double s1 = 0;
      double s2 = 0;
      for (double v : mix.get().mean()) {
        s1 += v;
      }
      for (double v : mix.get().secondMoments()) {
        s2 += v;
      }
      return Optional.of(new double[] {s1, s2});
    }
    return reference == null ? Optional.empty() : Optional.of(sumMoments(reference));
  }

  static double[] sumMoments(INDArray x) {
    double[] v = Rows.values(x);
    long n = x.size(0);
    double s1 = 0;
    double s2 = 0;
    for (double e : v) {
      s1 += e;
      s2 += e * e;
    }
    return new double[] {s1 / n, s2 / n};
  }
}
