package io.driftkit.targets;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Throughput of log density + gradient at batch 4096 for every registered target (points per second), and, to
 * back the choice of Java loops for the small row-wise targets, the same for many-well written as ND4J ops.
 * Not a test: run {@code main} with the test class path (see the targets README in the final report).
 */
public final class TargetBenchmark {

  private static final int BATCH = 4096;

  private TargetBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> lines = new TreeMap<>();
    for (String name : TargetTesting.factories().keySet()) {
      long t0 = System.nanoTime();
      Target t = TargetTesting.create(name);
      double build = (System.nanoTime() - t0) / 1e9;
      INDArray x = t.hasExactSampler() ? t.sample(BATCH, new RandomSource(1))
          : new RandomSource(1).normal(BATCH, t.dim()).muli(0.5);
      double pps = pointsPerSecond(() -> {
        t.logDensity(x);
        t.gradLogDensity(x);
      });
      lines.put(name, String.format(Locale.ROOT, "%-18s d=%-5d %12.0f points/s (log density + gradient)  build %.2f s",
          name, t.dim(), pps, build));
    }
    lines.values().forEach(System.out::println);

    Target mw = TargetTesting.create("many-well");
    INDArray x = mw.sample(BATCH, new RandomSource(2));
    double java = pointsPerSecond(() -> {
      mw.logDensity(x);
      mw.gradLogDensity(x);
    });
    double nd4j = pointsPerSecond(() -> manyWellNd4j(x));
    System.out.printf(Locale.ROOT, "many-well Java loops %.0f points/s, ND4J ops %.0f points/s%n", java, nd4j);
  }

  /** many-well log density and gradient as whole-array ND4J ops (the alternative to the Java loop). */
  static INDArray[] manyWellNd4j(INDArray x) {
    INDArray a = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, x.columns()));
    INDArray b = x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2, x.columns()));
    INDArray a2 = a.mul(a);
    INDArray logp = a2.mul(a2).negi().addi(a2.mul(6)).addi(a.mul(0.5)).subi(b.mul(b).muli(0.5)).sum(1);
    INDArray ga = Transforms.pow(a, 3).muli(-4).addi(a.mul(12)).addi(0.5);
    INDArray gb = b.neg();
    INDArray g = x.like();
    g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2, x.columns())).assign(ga);
    g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2, x.columns())).assign(gb);
    return new INDArray[] {logp, g};
  }

  private static double pointsPerSecond(Runnable evaluation) {
    for (int i = 0; i < 3; i++) {
      evaluation.run();
    }
    int reps = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      evaluation.run();
      reps++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < 2_000_000_000L && reps < 1000);
    return (double) reps * BATCH / (elapsed / 1e9);
  }
}
