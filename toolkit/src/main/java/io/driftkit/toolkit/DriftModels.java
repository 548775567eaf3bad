package io.driftkit.toolkit;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Prediction;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Drift models written as plain Java functions, for a program that has its field in code: a control, a velocity or an
 * exact score, e.g. {@code DriftModels.score(2, (x, t) -> new double[] {-x[0], -x[1]})} for the score of N(0, I).
 * Such a model is fixed (nothing to train): methods that sample with a given field take it with
 * {@code train.steps = 0}.
 *
 * <p>Every evaluation is checked as a plugin's model is by its contract: the batch shape on the way in, the length
 * and finiteness of what the function returns on the way out, each failure naming the model, the row and the time.
 */
public final class DriftModels {

  private DriftModels() {}

  /** The field at one point and time ({@code double[d]} and t to {@code double[d]}). */
  @FunctionalInterface
  public interface RowField {
    double[] at(double[] x, double t);
  }

  /**
   * A fixed model v(x, t), evaluated row by row; its output means whatever the method reads (a control for dis,
   * pis and dds; what {@code method.prediction} says for score-sde).
   *
   * @throws IllegalArgumentException for a dimension below 1
   */
  public static DriftModel of(int dim, RowField field) {
    return new RowModel(check(dim), Objects.requireNonNull(field, "field"), null);
  }

  /**
   * A fixed model whose output is the score {@code grad log p_t(x)} by construction (as an exact oracle is): a method
   * that reads another parametrisation refuses it instead of converting the wrong thing.
   */
  public static DriftModel score(int dim, RowField score) {
    return new RowModel(check(dim), Objects.requireNonNull(score, "score"), Prediction.SCORE);
  }

  private static int check(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("a model's dimension must be at least 1, got " + dim);
    }
    return dim;
  }

  private static final String OWNER = "in-code model";

  private record RowModel(int dim, RowField field, Prediction prediction) implements DriftModel {

    @Override
    public INDArray evaluate(INDArray x, double t) {
      int n = Rows.checkBatch(x, dim, OWNER);
      double[] times = new double[n];
      Arrays.fill(times, t);
      return evaluate(x, times);
    }

    @Override
    public INDArray evaluate(INDArray x, INDArray t) {
      int n = Rows.checkBatch(x, dim, OWNER);
      if (t.length() != n) {
        throw new IllegalArgumentException(OWNER + ": " + t.length() + " times for " + n + " rows");
      }
      return evaluate(x, Rows.values(t));
    }

    private INDArray evaluate(INDArray x, double[] times) {
      int n = times.length;
      double[] v = Rows.values(x);
      double[] out = new double[n * dim];
      double[] row = new double[dim];
      for (int i = 0; i < n; i++) {
        System.arraycopy(v, i * dim, row, 0, dim);
        double[] f = field.at(row.clone(), times[i]);
        if (f == null || f.length != dim) {
          throw new IllegalStateException(OWNER + ": value at row " + i + ", t = " + times[i] + " has "
              + (f == null ? "no entries" : f.length + " entries") + "; expected " + dim);
        }
        for (int j = 0; j < dim; j++) {
          if (!Double.isFinite(f[j])) {
            throw new IllegalStateException(OWNER + ": entry " + j + " is " + f[j] + " at row " + i + " "
                + Arrays.toString(row) + ", t = " + times[i]);
          }
        }
        System.arraycopy(f, 0, out, i * dim, dim);
      }
      return Rows.matrix(out, n, dim);
    }

    @Override
    public Optional<Prediction> fixedPrediction() {
      return Optional.ofNullable(prediction);
    }

    @Override
    public String toString() {
      return OWNER + (prediction == null ? "" : " (" + prediction.name().toLowerCase() + ")") + " of dimension "
          + dim;
    }
  }
}
