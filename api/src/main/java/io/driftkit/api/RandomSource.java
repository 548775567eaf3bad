package io.driftkit.api;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one seeded source of randomness of a run. Named streams ({@link #split}) are independent of each other and
 * of the order in which they are created, so adding a consumer never changes the numbers another one sees. Draws
 * happen in Java, not in ND4J's native generator, so they do not depend on thread counts.
 */
public final class RandomSource {

  private final long seed;
  private final SplittableRandom random;

  public RandomSource(long seed) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /** The seed this source was made from. */
  public long seed() {
    return seed;
  }

  /** An independent source for the named stream; the same name gives the same stream. */
  public RandomSource split(String stream) {
    long h = 0x9E3779B97F4A7C15L;
    for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ b);
    }
    return new RandomSource(mix(seed ^ h));
  }

  /** A {@code [n, d]} float64 array of independent standard normals. */
  public INDArray normal(long n, int d) {
    double[] values = new double[Math.toIntExact(n * d)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextGaussian();
    }
    return Nd4j.createFromArray(values).reshape(n, d);
  }

  /** A {@code [n, d]} float64 array of independent uniforms on [0, 1). */
  public INDArray uniform(long n, int d) {
    double[] values = new double[Math.toIntExact(n * d)];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble();
    }
    return Nd4j.createFromArray(values).reshape(n, d);
  }

  public double nextGaussian() {
    return random.nextGaussian();
  }

  public double nextDouble() {
    return random.nextDouble();
  }

  /** A uniform integer in [0, bound). */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
