package io.driftkit.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's arithmetic peak as Java reaches it: twelve independent chains of vector fused multiply–adds at the
 * widest vector width, enough to cover the latency of the FMA units, with nothing loaded from memory. Measured in
 * the same process as a kernel, it turns the kernel's GFLOP/s into a fraction of what this machine can do.
 */
public final class FmaPeak {

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  /** Independent accumulator chains: FMA latency (4 cycles) times FMA units (2), with a margin. */
  public static final int CHAINS = 12;
  private static final int ROUNDS = 1 << 20;

  private FmaPeak() {}

  /** Lanes of the widest float32 vector. */
  public static int floatLanes() {
    return F.length();
  }

  /** Lanes of the widest float64 vector. */
  public static int doubleLanes() {
    return D.length();
  }

  /** Peak GFLOP/s of one thread per second of its CPU time, float32 or float64; best of 8 trials. */
  public static double gflops(boolean float64) {
    double best = 0;
    int lanes = float64 ? D.length() : F.length();
    for (int trial = 0; trial < 8; trial++) { // the first trials warm up the JIT
      long t0 = CpuTime.now();
      double sink = float64 ? chainsDouble(ROUNDS) : chainsFloat(ROUNDS);
      double seconds = (CpuTime.now() - t0) / 1e9;
      if (Double.isNaN(sink)) {
        throw new IllegalStateException("FMA chains overflowed");
      }
      best = Math.max(best, 2.0 * CHAINS * lanes * ROUNDS / seconds / 1e9);
    }
    return best;
  }

  /** Float32 peak GFLOP/s of {@code threads} threads together, by the wall clock; best of 8 trials. */
  public static double gflopsWall(int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      double best = 0;
      for (int trial = 0; trial < 8; trial++) {
        List<Future<Float>> parts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
          parts.add(pool.submit(() -> chainsFloat(ROUNDS)));
        }
        for (Future<Float> f : parts) {
          f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        best = Math.max(best, 2.0 * CHAINS * F.length() * ROUNDS * threads / seconds / 1e9);
      }
      return best;
    } catch (Exception e) {
      throw new IllegalStateException("FMA peak measurement failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Twelve float32 FMA chains of {@code rounds} steps: {@code 2 * 12 * lanes * rounds} FLOP. */
  public static float chainsFloat(int rounds) {
    FloatVector m = FloatVector.broadcast(F, 0.999999f);
    FloatVector c = FloatVector.broadcast(F, 1e-7f);
    FloatVector a0 = FloatVector.broadcast(F, 1f);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector a4 = a0;
    FloatVector a5 = a0;
    FloatVector a6 = a0;
    FloatVector a7 = a0;
    FloatVector a8 = a0;
    FloatVector a9 = a0;
    FloatVector a10 = a0;
    FloatVector a11 = a0;
    for (int i = 0; i < rounds; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  /** The same in float64. */
  public static double chainsDouble(int rounds) {
    DoubleVector m = DoubleVector.broadcast(D, 0.999999);
    DoubleVector c = DoubleVector.broadcast(D, 1e-7);
    DoubleVector a0 = DoubleVector.broadcast(D, 1);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    DoubleVector a3 = a0;
    DoubleVector a4 = a0;
    DoubleVector a5 = a0;
    DoubleVector a6 = a0;
    DoubleVector a7 = a0;
    DoubleVector a8 = a0;
    DoubleVector a9 = a0;
    DoubleVector a10 = a0;
    DoubleVector a11 = a0;
    for (int i = 0; i < rounds; i++) {
      a0 = a0.fma(m, c);
      a1 = a1.fma(m, c);
      a2 = a2.fma(m, c);
      a3 = a3.fma(m, c);
      a4 = a4.fma(m, c);
      a5 = a5.fma(m, c);
      a6 = a6.fma(m, c);
      a7 = a7.fma(m, c);
      a8 = a8.fma(m, c);
      a9 = a9.fma(m, c);
      a10 = a10.fma(m, c);
      a11 = a11.fma(m, c);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
