package io.driftkit.targets;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape checks shared by the targets, so a wrong batch fails with a message instead of garbage numbers. */
final class Batches {

  private Batches() {}

  /**
   * Checks that {@code x} is a {@code [n, dim]} batch and returns n.
   *
   * @throws IllegalArgumentException naming the target, the expected and the actual shape
   */
  static int rows(INDArray x, int dim, String target) {
    if (x == null) {
      throw new IllegalArgumentException("target '" + target + "' got a null batch");
    }
    long[] shape = x.shape();
    if (shape.length != 2 || shape[1] != dim) {
      throw new IllegalArgumentException("target '" + target + "' expects points of shape [n, " + dim
          + "], got " + java.util.Arrays.toString(shape));
    }
    return Math.toIntExact(shape[0]);
  }
}
