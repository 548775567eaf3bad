package io.driftkit.toolkit;

import io.driftkit.api.Target;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Targets written as plain Java functions, for a program that has its density in code rather than in a plugin:
 * {@code Targets.of(2, x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), x -> new double[] {-x[0], -x[1]})}. The result is an
 * ordinary {@link Target}, so every method takes it.
 *
 * <p>Every call is checked as a plugin's target is: the batch shape on the way in, the length and finiteness of what
 * the functions return on the way out (a NaN would otherwise surface steps later, far from its cause), each failure
 * naming the target and the row.
 */
public final class Targets {

  private Targets() {}

  /** The gradient of a log density at one point ({@code double[d]} to {@code double[d]}). */
  @FunctionalInterface
  public interface RowGradient {
    double[] at(double[] x);
  }

  /**
   * A target from its log density and gradient at one point each; rows of a batch are evaluated one by one.
   *
   * @param dim the dimension d (at least 1)
   * @param logDensity the unnormalised log density at a point {@code double[d]}
   * @param gradient its gradient at a point, {@code double[d]} long
   * @throws IllegalArgumentException for a dimension below 1
   */
  public static Target of(int dim, ToDoubleFunction<double[]> logDensity, RowGradient gradient) {
    Objects.requireNonNull(logDensity, "logDensity");
    Objects.requireNonNull(gradient, "gradient");
    return new RowTarget(checkDim(dim), logDensity, gradient);
  }

  /**
   * A target from batched functions: {@code logDensity} maps {@code [n, d]} to {@code [n]} (or {@code [n, 1]}),
   * {@code gradient} maps {@code [n, d]} to {@code [n, d]}; both in float64.
   */
  public static Target batched(int dim, UnaryOperator<INDArray> logDensity, UnaryOperator<INDArray> gradient) {
    Objects.requireNonNull(logDensity, "logDensity");
    Objects.requireNonNull(gradient, "gradient");
    return new BatchTarget(checkDim(dim), logDensity, gradient);
  }

  private static int checkDim(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("a target's dimension must be at least 1, got " + dim);
    }
    return dim;
  }

  private static final String OWNER = "in-code target";

  private record RowTarget(int dim, ToDoubleFunction<double[]> density, RowGradient gradient) implements Target {

    @Override
    public INDArray logDensity(INDArray x) {
      int n = Rows.checkBatch(x, dim, OWNER);
      double[] v = Rows.values(x);
      double[] out = new double[n];
      double[] row = new double[dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(v, i * dim, row, 0, dim);
        out[i] = density.applyAsDouble(row.clone());
        if (Double.isNaN(out[i]) || out[i] == Double.POSITIVE_INFINITY) {
          throw new IllegalStateException(OWNER + ": log density " + out[i] + " at row " + i + " "
              + java.util.Arrays.toString(row) + "; expected a finite number or -Infinity");
        }
      }
      return Rows.vector(out);
    }

    @Override
    public INDArray gradLogDensity(INDArray x) {
      int n = Rows.checkBatch(x, dim, OWNER);
      double[] v = Rows.values(x);
      double[] out = new double[n * dim];
      double[] row = new double[dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(v, i * dim, row, 0, dim);
        double[] g = gradient.at(row.clone());
        if (g == null || g.length != dim) {
          throw new IllegalStateException(OWNER + ": gradient at row " + i + " has "
              + (g == null ? "no value" : g.length + " entries") + "; expected " + dim);
        }
        for (int j = 0; j < dim; j++) {
          if (!Double.isFinite(g[j])) {
            throw new IllegalStateException(OWNER + ": gradient entry " + j + " is " + g[j] + " at row " + i + " "
                + java.util.Arrays.toString(row));
          }
        }
        System.arraycopy(g, 0, out, i * dim, dim);
      }
      return Rows.matrix(out, n, dim);
    }
  }

  private record BatchTarget(int dim, UnaryOperator<INDArray> density, UnaryOperator<INDArray> gradient)
      implements Target {

    @Override
    public INDArray logDensity(INDArray x) {
      int n = Rows.checkBatch(x, dim, OWNER);
      INDArray out = density.apply(x);
      if (out == null || out.length() != n || (out.rank() == 2 && out.size(1) != 1) || out.rank() > 2) {
        throw new IllegalStateException(OWNER + ": log density of a [" + n + ", " + dim + "] batch has shape "
            + (out == null ? "null" : java.util.Arrays.toString(out.shape())) + "; expected [" + n + "]");
      }
      double[] v = Rows.values(out);
      for (int i = 0; i < n; i++) {
        if (Double.isNaN(v[i]) || v[i] == Double.POSITIVE_INFINITY) {
          throw new IllegalStateException(OWNER + ": log density " + v[i] + " at row " + i
              + "; expected a finite number or -Infinity");
        }
      }
      return Rows.vector(v);
    }

    @Override
    public INDArray gradLogDensity(INDArray x) {
      int n = Rows.checkBatch(x, dim, OWNER);
      INDArray out = gradient.apply(x);
      if (out == null || out.rank() != 2 || out.size(0) != n || out.size(1) != dim) {
        throw new IllegalStateException(OWNER + ": gradient of a [" + n + ", " + dim + "] batch has shape "
            + (out == null ? "null" : java.util.Arrays.toString(out.shape())) + "; expected the same shape");
      }
      double[] v = Rows.values(out);
      for (int k = 0; k < v.length; k++) {
        if (!Double.isFinite(v[k])) {
          throw new IllegalStateException(OWNER + ": gradient entry " + (k % dim) + " is " + v[k] + " at row "
              + (k / dim));
        }
      }
      return Rows.matrix(v, n, dim);
    }
  }
}
