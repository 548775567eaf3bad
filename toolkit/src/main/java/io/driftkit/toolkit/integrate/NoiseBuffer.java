package io.driftkit.toolkit.integrate;

import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
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
    fill(values, random);
    Rows.fill(array, values); // one bulk copy: DataBuffer.setData copied entry by entry, 13x slower
    return array;
  }

  /** Fills {@code into} with standard normals from {@code random}, in {@link RandomSource#normal}'s order. */
  public static void fill(double[] into, RandomSource random) {
    for (int i = 0; i < into.length; i++) {
      into[i] = random.nextGaussian();
    }
  }
}
