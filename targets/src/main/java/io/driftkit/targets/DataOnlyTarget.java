package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A 2-D distribution given by an exact sampler only (no closed-form density): a data set for generative modelling.
 * It says so through {@link #hasLogDensity()}, and asking for a density is an error naming the target.
 */
abstract class DataOnlyTarget implements Target {

  private final String name;
  private final PlotBox box;

  DataOnlyTarget(String name, PlotBox box) {
    this.name = name;
    this.box = box;
  }

  /** Writes one sample into {@code out} at {@code off}. */
  abstract void draw(RandomSource random, double[] out, int off);

  @Override
  public final int dim() {
    return 2;
  }

  @Override
  public final boolean hasLogDensity() {
    return false;
  }

  @Override
  public final boolean hasGradient() {
    return false;
  }

  @Override
  public final INDArray logDensity(INDArray x) {
    Rows.checkBatch(x, 2, "target '" + name + "'");
    throw new UnsupportedOperationException(noDensity());
  }

  @Override
  public final INDArray gradLogDensity(INDArray x) {
    Rows.checkBatch(x, 2, "target '" + name + "'");
    throw new UnsupportedOperationException(noDensity());
  }

  private String noDensity() {
    return "target '" + name + "' is data-only: it has exact samples but no density";
  }

  @Override
  public final boolean hasExactSampler() {
    return true;
  }

  @Override
  public final INDArray sample(int n, RandomSource random) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      draw(random, out, 2 * i);
    }
    return Rows.matrix(out, n, 2);
  }

  @Override
  public final PlotBox plotBox() {
    return box;
  }

  @Override
  public String toString() {
    return "'" + name + "' (d=2, data-only)";
  }
}
