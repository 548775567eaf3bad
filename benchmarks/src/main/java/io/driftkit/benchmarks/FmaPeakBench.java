package io.driftkit.benchmarks;

import io.driftkit.cli.bench.FmaPeak;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The FMA peak the kernel figures are measured against: each call runs {@link FmaPeak#CHAINS} chains of
 * {@value #ROUNDS} vector FMAs, {@code 2 * 12 * lanes * ROUNDS} FLOP (lanes: 16 float32 or 8 float64 at AVX-512).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBench {

  static final int ROUNDS = 1 << 16;

  @Benchmark
  public float float32() {
    return FmaPeak.chainsFloat(ROUNDS);
  }

  @Benchmark
  public double float64() {
    return FmaPeak.chainsDouble(ROUNDS);
  }
}
