package io.driftkit.models;

import io.driftkit.api.DriftModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The zero vector field. */
public final class ZeroModel implements DriftModel {

  private final int dim;

  public ZeroModel(int dim) {
    this.dim = dim;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    return Nd4j.zeros(DataType.DOUBLE, x.size(0), dim);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return Nd4j.zeros(DataType.DOUBLE, x.size(0), dim);
  }
}
