package io.driftkit.interpolants.field;

import io.driftkit.toolkit.Rows;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Which fields a model's output blocks hold, in order: {@code [VELOCITY]}, {@code [SCORE]}, {@code [V, SCORE]}, ...
 * A model of k fields has dimension k d; it is fed the state padded with zeros to k d columns and its output is read
 * block by block.
 */
public record FieldLayout(List<FieldKind> kinds) {

  public FieldLayout {
    kinds = List.copyOf(kinds);
    if (kinds.isEmpty() || kinds.size() != kinds.stream().distinct().count()) {
      throw new IllegalArgumentException("a field layout needs distinct fields, got " + kinds);
    }
  }

  public static FieldLayout of(FieldKind... kinds) {
    return new FieldLayout(List.of(kinds));
  }

  public int fields() {
    return kinds.size();
  }

  public boolean has(FieldKind kind) {
    return kinds.contains(kind);
  }

  /** The block index of a field, or -1. */
  public int indexOf(FieldKind kind) {
    return kinds.indexOf(kind);
  }

  /** {@code [n, d]} to {@code [n, k d]}: the state in the first d columns, zeros after (k = 1: x itself). */
  public INDArray input(INDArray x) {
    int k = fields();
    if (k == 1) {
      return x;
    }
    int n = Math.toIntExact(x.size(0));
    int d = Math.toIntExact(x.size(1));
    double[] v = Rows.values(x);
    double[] out = new double[n * k * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * d, out, r * k * d, d);
    }
    return Rows.matrix(out, n, (long) k * d);
  }

  /** Block {@code i} ({@code [n, d]}) of a model output ({@code [n, k d]}). */
  public static INDArray block(double[] output, int n, int k, int d, int i) {
    double[] out = new double[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(output, r * k * d + i * d, out, r * d, d);
    }
    return Rows.matrix(out, n, d);
  }

  @Override
  public String toString() {
    return kinds.stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).toList().toString();
  }
}
