package io.driftkit.targets;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A target evaluated row by row in plain Java over a row-major {@code double[]}. For the small and medium
 * dimensions of most benchmarks this beats a chain of ND4J ops, each of which costs tens of microseconds.
 */
abstract class RowTarget implements Target {

  private final String name;
  private final int dim;

  RowTarget(String name, int dim) {
    this.name = name;
    this.dim = dim;
  }

  /** The name the target is registered under (for messages). */
  final String name() {
    return name;
  }

  @Override
  public final int dim() {
    return dim;
  }

  /** The unnormalised log density of the row starting at {@code off}. */
  abstract double logDensity(double[] x, int off);

  /**
   * Writes the gradient of the row starting at {@code off} into {@code grad} at the same offset.
   *
   * @return the log density of that row (computed on the way, callers may ignore it)
   */
  abstract double gradient(double[] x, int off, double[] grad);

  @Override
  public INDArray logDensity(INDArray x) {
    int n = Rows.checkBatch(x, dim, "target '" + name + "'");
    double[] v = Rows.values(x);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = logDensity(v, r * dim);
    }
    return Rows.vector(out);
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    int n = Rows.checkBatch(x, dim, "target '" + name + "'");
    double[] v = Rows.values(x);
    double[] g = new double[v.length];
    for (int r = 0; r < n; r++) {
      gradient(v, r * dim, g);
    }
    return Rows.matrix(g, n, dim);
  }

  /**
   * Writes {@code H(x) v} for the row starting at {@code off} into {@code out} at the same offset, for targets whose
   * Hessian has a closed form; they also answer true to {@link #closedFormHessian()}.
   */
  void hessianVector(double[] x, double[] v, int off, double[] out) {
    throw new UnsupportedOperationException(name + " has no closed-form Hessian");
  }

  /** Whether {@link #hessianVector} is implemented. */
  boolean closedFormHessian() {
    return false;
  }

  @Override
  public Optional<HessianVectorProduct> hessianVectorProduct() {
    if (!closedFormHessian()) {
      return Optional.empty();
    }
    return Optional.of((x, v) -> {
      int n = Rows.checkBatch(x, dim, "target '" + name + "'");
      Rows.checkBatch(v, dim, "target '" + name + "' (Hessian-vector product)");
      double[] xv = Rows.values(x);
      double[] vv = Rows.values(v);
      double[] out = new double[xv.length];
      for (int r = 0; r < n; r++) {
        hessianVector(xv, vv, r * dim, out);
      }
      return Rows.matrix(out, n, dim);
    });
  }

  @Override
  public String toString() {
    return name + " (d=" + dim + ")";
  }
}
