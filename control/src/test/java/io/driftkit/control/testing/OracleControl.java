package io.driftkit.control.testing;

import io.driftkit.api.DriftModel;
import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A drift model given by a closed-form function of (x, s). */
public final class OracleControl implements DriftModel {

  private final int dim;
  private final BiFunction<INDArray, Double, INDArray> f;

  public OracleControl(int dim, BiFunction<INDArray, Double, INDArray> f) {
    this.dim = dim;
    this.f = f;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    return f.apply(x, t);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    throw new UnsupportedOperationException("per-row times are not needed by these tests");
  }
}
