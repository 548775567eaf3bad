package io.driftkit.toolkit.weights;

import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weighted samples gathered chunk by chunk, keeping only rows whose log weight is finite (a path that overflowed
 * carries no usable weight) and counting the others, as a weighted sampler reports them.
 */
public final class FiniteWeightedSamples {

  private final List<INDArray> rows = new ArrayList<>();
  private final List<double[]> weights = new ArrayList<>();
  private int kept;
  private int nonFinite;

  /** Adds a chunk: {@code [m, d]} end points with their {@code m} log weights. */
  public void add(INDArray ends, double[] logWeights) {
    int[] keep = new int[logWeights.length];
    int k = 0;
    for (int i = 0; i < logWeights.length; i++) {
      if (Double.isFinite(logWeights[i])) {
        keep[k++] = i;
      } else {
        nonFinite++;
      }
    }
    if (k == 0) {
      return;
    }
    int[] chosen = Arrays.copyOf(keep, k);
    rows.add(k == logWeights.length ? ends : ends.getRows(chosen));
    double[] w = new double[k];
    for (int i = 0; i < k; i++) {
      w[i] = logWeights[chosen[i]];
    }
    weights.add(w);
    kept += k;
  }

  /** How many rows were dropped for a non-finite log weight. */
  public int nonFinite() {
    return nonFinite;
  }

  /**
   * The kept rows, stacked.
   *
   * @throws IllegalStateException when every row had a non-finite log weight ({@code what} names them)
   */
  public INDArray samples(String what) {
    if (kept == 0) {
      throw new IllegalStateException("every one of the " + nonFinite + " " + what + " had a non-finite log weight");
    }
    return Nd4j.vstack(rows.toArray(INDArray[]::new));
  }

  /** The kept rows' log weights, as a {@code [n]} float64 array in the order of {@link #samples}. */
  public INDArray logWeights() {
    double[] all = new double[kept];
    int at = 0;
    for (double[] w : weights) {
      System.arraycopy(w, 0, all, at, w.length);
      at += w.length;
    }
    return Rows.vector(all);
  }
}
