package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.config.Settings;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.Sinkhorn;
import io.driftkit.core.metrics.Wasserstein;
import io.driftkit.toolkit.Rows;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ODE–SDE gap of a method that gives the same model's samples by both samplers from the same prior draws
 * ({@link Method.SamplerPair}): the 2-Wasserstein distance between the two sets ({@code ode_sde_w2}) and each set's
 * MMD^2 and Sinkhorn divergence against the reference, with the noise floors of those sizes.
 *
 * <p>W2 is exact (optimal assignment) up to {@link #EXACT_W2_MAX_DIM} dimensions. Above, an exact W2 between finite
 * sets mostly measures their sampling noise, and it is estimated by {@code sqrt(S_eps)}, the debiased Sinkhorn
 * divergence with squared-Euclidean cost in the samples' own units ({@code S_eps -> W2^2} as eps -> 0) with eps =
 * {@code sample.sinkhorn-eps} times the pooled variance per coordinate; {@code ode_sde_w2_exact} says which.
 */
final class GapReport {

  /** Dimensions up to which {@code ode_sde_w2} is the exact W2 between the two sets. */
  static final int EXACT_W2_MAX_DIM = 4;

  private GapReport() {}

  /**
   * @param reference samples of the distribution to reproduce, or null
   * @param floorReference an independent draw of it, or null; gives the floors at the pair's size
   */
  static Map<String, Object> evaluate(Method.SamplerPair pair, INDArray reference, INDArray floorReference,
      Settings run) {
    Map<String, Object> m = new LinkedHashMap<>();
    int cap = (int) Math.min(pair.sde().size(0), run.get(RunSettings.METRIC_N));
    INDArray sde = Evaluation.head(pair.sde(), cap);
    INDArray ode = Evaluation.head(pair.ode(), cap);
    boolean exact = pair.sde().size(1) <= EXACT_W2_MAX_DIM;
    double eps = run.get(RunSettings.SINKHORN_EPS);
    m.put("ode_sde_w2", w2(ode, sde, exact, eps));
    m.put("ode_sde_w2_exact", exact ? 1 : 0);
    if (reference != null && floorReference != null && reference.size(0) >= cap && floorReference.size(0) >= cap
        && cap >= 2) {
      m.put("ode_sde_w2_floor", w2(Evaluation.head(reference, cap), Evaluation.head(floorReference, cap), exact,
          eps));
    }
    if (reference == null || reference.size(0) < 2 || cap < 2) {
      return m;
    }
    INDArray ref = Evaluation.head(reference, run.get(RunSettings.METRIC_N));
    Mmd.Kernel kernel = Mmd.Kernel.multiScale(ref);
    for (Map.Entry<String, INDArray> set : Map.of("sde", sde, "ode", ode).entrySet()) {
      Mmd.Estimate e = Mmd.estimate(set.getValue(), ref, kernel);
      m.put(set.getKey() + "_mmd2", e.value());
      m.put(set.getKey() + "_mmd2_se", e.standardError());
    }
    if (floorReference != null && floorReference.size(0) >= cap) {
      m.put("gap_mmd2_floor", Mmd.estimate(Evaluation.head(floorReference, cap), ref, kernel).value());
    }
    int sinkhornN = run.get(RunSettings.SINKHORN_N);
    if (sinkhornN > 0) {
      INDArray sref = Evaluation.head(reference, sinkhornN);
      INDArray stdRef = Sinkhorn.standardiseBy(sref, sref);
      int ns = Math.min(cap, sinkhornN);
      for (Map.Entry<String, INDArray> set : Map.of("sde", sde, "ode", ode).entrySet()) {
        m.put(set.getKey() + "_sinkhorn", Sinkhorn.divergence(Sinkhorn.standardiseBy(sref,
            Evaluation.head(set.getValue(), ns)), stdRef, eps));
      }
      if (floorReference != null && floorReference.size(0) >= ns) {
        m.put("gap_sinkhorn_floor", Sinkhorn.divergence(Sinkhorn.standardiseBy(sref,
            Evaluation.head(floorReference, ns)), stdRef, eps));
      }
    }
    return m;
  }

  /** Exact W2 between equal-size sets, or sqrt of the debiased Sinkhorn divergence in the data's units. */
  static double w2(INDArray a, INDArray b, boolean exact, double relativeEps) {
    if (exact) {
      return Wasserstein.w2Exact(a, b);
    }
    double eps = relativeEps * pooledVariance(a, b);
    return Math.sqrt(Math.max(0, Sinkhorn.divergence(a, b, eps)));
  }

  /** The mean over coordinates of the pooled variance of two sets (1 if it is 0). */
  private static double pooledVariance(INDArray a, INDArray b) {
    int d = (int) a.size(1);
    double[] sum = new double[d];
    double[] squares = new double[d];
    long n = 0;
    for (INDArray set : new INDArray[] {a, b}) {
      double[] v = Rows.values(set);
      for (int i = 0; i < v.length; i++) {
        sum[i % d] += v[i];
        squares[i % d] += v[i] * v[i];
      }
      n += set.size(0);
    }
    double total = 0;
    for (int k = 0; k < d; k++) {
      double mean = sum[k] / n;
      total += Math.max(0, squares[k] / n - mean * mean);
    }
    return total > 0 ? total / d : 1;
  }
}
