package io.driftkit.toolkit;

import java.lang.ref.Reference;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between {@code [n, d]} arrays and row-major Java arrays, for code that loops in Java. */
public final class Rows {

  private Rows() {}

  /**
   * Checks that {@code x} is a {@code [n, dim]} batch and returns n: what a target or model does first, so a wrong
   * batch fails with a message instead of garbage numbers.
   *
   * @param owner how to name the caller in the message, e.g. {@code "target 'funnel'"}
   * @throws IllegalArgumentException naming the owner, the expected and the actual shape
   */
  public static int checkBatch(INDArray x, int dim, String owner) {
    if (x == null) {
      throw new IllegalArgumentException(owner + " got a null batch");
    }
    long[] shape = x.shape();
    if (shape.length != 2 || shape[1] != dim) {
      throw new IllegalArgumentException(owner + " expects points of shape [n, " + dim + "], got "
          + java.util.Arrays.toString(shape));
    }
    return Math.toIntExact(shape[0]);
  }

  /** The entries of {@code x} in row-major order as float64 (a copy). */
  public static double[] values(INDArray x) {
    return values(x, null);
  }

  /**
   * The entries of {@code x} in row-major order as float64, copied into {@code into} when it holds at least
   * {@code x.length()} entries (those past that keep their values), else into a new array. A loop that reads an
   * array per step reuses its buffer so: fresh copies each step made the heap, and with G1 the process, grow.
   *
   * @param into a buffer to reuse, or null
   * @return {@code into} or the new array
   */
  public static double[] values(INDArray x, double[] into) {
    INDArray c = x.dataType() == DataType.DOUBLE && x.ordering() == 'c' && !x.isView() ? x
        : x.castTo(DataType.DOUBLE).dup('c');
    int length = Math.toIntExact(c.length());
    double[] out = into != null && into.length >= length ? into : new double[length];
    if (length > 0) {
      c.data().asNioDouble().get(out, 0, length); // one bulk copy; the element-wise accessors cost a call per entry
    }
    // the NIO view does not keep c's native memory alive, and collecting c frees it
    Reference.reachabilityFence(c);
    return out;
  }

  /** A {@code [n, d]} float64 array holding {@code values} in row-major order. */
  public static INDArray matrix(double[] values, long n, long d) {
    if (values.length != n * d) {
      throw new IllegalArgumentException(values.length + " values for a [" + n + ", " + d + "] matrix");
    }
    if (values.length == 0) {
      return Nd4j.create(DataType.DOUBLE, n, d);
    }
    INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, n, d);
    out.data().asNioDouble().put(values);
    return out;
  }

  /** A {@code [n]} float64 vector. */
  public static INDArray vector(double[] values) {
    if (values.length == 0) {
      return Nd4j.createFromArray(values);
    }
    INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, values.length);
    out.data().asNioDouble().put(values);
    return out;
  }

  /** Copies {@code values} (row-major) into a dense, c-ordered, non-view float32 or float64 array in place. */
  public static void fill(INDArray into, double[] values) {
    if (into.isView() || into.ordering() != 'c' || into.length() != values.length) {
      throw new IllegalArgumentException("fill needs a dense c-ordered array of " + values.length + " entries");
    }
    if (into.dataType() == DataType.DOUBLE) {
      into.data().asNioDouble().put(values);
    } else if (into.dataType() == DataType.FLOAT) {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      into.data().asNioFloat().put(f);
    } else {
      throw new IllegalArgumentException("fill supports float32 and float64, not " + into.dataType());
    }
    Reference.reachabilityFence(into);
  }

  /**
   * The sum of all entries of x in float64, in one fixed order (compensated, so no less accurate than pairwise).
   * ND4J's own full reductions ({@code sumNumber}, {@code norm2Number}) split the work over its thread pool, whose
   * size a process cannot lower once ND4J has started: their last bits differed between a run under
   * {@code OMP_NUM_THREADS=1} and one in-process, and a training run that clips by the gradient norm then diverged.
   */
  public static double sum(INDArray x) {
    return accumulate(x, false);
  }

  /** As {@link #sum(INDArray)} over plain values. */
  public static double sum(double[] v) {
    return compensatedSum(v.length, i -> v[i]);
  }

  /** The Euclidean norm of all entries of x, in a fixed order (see {@link #sum(INDArray)}). */
  public static double norm2(INDArray x) {
    return Math.sqrt(accumulate(x, true));
  }

  /** The Euclidean norm of {@code v}, computed exactly as {@link #norm2(INDArray)} computes it. */
  public static double norm2(double[] v) {
    return v.length == 0 ? 0 : Math.sqrt(compensatedSum(v.length, i -> v[i] * v[i]));
  }

  /** The sum of the entries or of their squares, read in place from a dense float64 array. */
  private static double accumulate(INDArray x, boolean squares) {
    if (x.length() == 0) {
      return 0;
    }
    double[] copy = x.dataType() != DataType.DOUBLE || x.ordering() != 'c' || x.isView() ? values(x) : null;
    java.nio.DoubleBuffer b = copy == null ? x.data().asNioDouble() : java.nio.DoubleBuffer.wrap(copy);
    double s = compensatedSum(Math.toIntExact(x.length()), squares ? i -> b.get(i) * b.get(i) : b::get);
    Reference.reachabilityFence(x);
    return s;
  }

  /** Neumaier's compensated sum of {@code term(0..n-1)}, in that order. */
  private static double compensatedSum(int n, java.util.function.IntToDoubleFunction term) {
    double s = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      double x = term.applyAsDouble(i);
      double t = s + x;
      c += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
      s = t;
    }
    return s + c;
  }

  /**
   * Frees the native memory of arrays the caller created and no longer uses, now rather than at the next garbage
   * collection: a loop that makes a few arrays per step otherwise piles them up between G1's rare collections (and
   * touches fresh pages for each). Views and arrays sharing their buffer are left to the collector.
   */
  public static void release(INDArray... arrays) {
    for (INDArray a : arrays) {
      if (a != null && a.closeable()) {
        a.close();
      }
    }
  }

  /** log(sum(exp(v))) computed without overflow; -infinity for an empty or all -infinity input. */
  public static double logSumExp(double[] v) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      max = Math.max(max, x);
    }
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
      return max;
    }
    double sum = 0;
    for (double x : v) {
      sum += Math.exp(x - max);
    }
    return max + Math.log(sum);
  }
}
