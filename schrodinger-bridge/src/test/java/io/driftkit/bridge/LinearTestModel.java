package io.driftkit.bridge;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.toolkit.Rows;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A learnable field {@code u(x, t) = w * x + b} (w, b per coordinate) for tests that need no network plugin. */
final class LinearTestModel implements LearnableDriftModel {

  private final int dim;
  private double[] theta;

  LinearTestModel(int dim) {
    this.dim = dim;
    this.theta = new double[2 * dim];
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    int n = (int) x.size(0);
    double[] v = Rows.values(x);
    double[] out = new double[v.length];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim; i++) {
        out[r * dim + i] = theta[i] * v[r * dim + i] + theta[dim + i];
      }
    }
    return Rows.matrix(out, n, dim);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return evaluate(x, 0.0);
  }

  @Override
  public long parameterCount() {
    return theta.length;
  }

  @Override
  public INDArray parameters() {
    return Rows.vector(theta.clone());
  }

  @Override
  public void setParameters(INDArray flat) {
    theta = Rows.values(flat).clone();
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    int n = (int) x.size(0);
    double[] v = Rows.values(x);
    double[] g = Rows.values(outputGradient);
    double[] dTheta = new double[theta.length];
    double[] dx = new double[v.length];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim; i++) {
        dTheta[i] += g[r * dim + i] * v[r * dim + i];
        dTheta[dim + i] += g[r * dim + i];
        dx[r * dim + i] = g[r * dim + i] * theta[i];
      }
    }
    return new Gradients(Rows.vector(dTheta), Rows.matrix(dx, n, dim));
  }

  @Override
  public void save(Path file) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void load(Path file) {
    throw new UnsupportedOperationException();
  }
}
