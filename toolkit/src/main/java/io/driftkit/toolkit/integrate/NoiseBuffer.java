package io.driftkit.toolkit.integrate;

import io.driftkit.api.RandomSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One reusable {@code [n, d]} array of standard normals, refilled in place each step. Draws the same numbers, in the
 * same order, as {@link RandomSource#normal}, without allocating per step.
 */
public final class NoiseBuffer {

  private final double[] values;
  private final INDArray array;

  public NoiseBuffer(long n, int d) {
    this.values = new double[Math.toIntExact(n * d)];
    this.array = Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.DOUBLE, n, d);
  }

  /** Refills the buffer from {@code random} and returns it (valid until the next call). */
  public INDArray next(RandomSource random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    array.data().setData(values);
    return array;
  }
}
