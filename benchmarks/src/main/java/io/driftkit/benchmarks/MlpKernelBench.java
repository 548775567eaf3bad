package io.driftkit.benchmarks;

import io.driftkit.api.RandomSource;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The mlp's passes on plain arrays, for the network of the control benchmarks (d = 10, 64x64x64 GELU, 16 time
 * frequencies): 512 rows are one simulation step of a dis training step at batch 512, 51,200 rows the stacked
 * log-variance call over K = 100 steps. Floating-point work per call: forward 2 * 11,584 * rows; forward +
 * parameter gradient 2 * (3 * 11,584 - 2,752) * rows; with the input gradient 2 * 640 * rows more
 * ({@code driftkit bench kernels} prints these as GFLOP/s beside the measured FMA peak).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MlpKernelBench {

  @Param({"float32", "float64"})
  public String precision;

  @Param({"512", "51200"})
  public int rows;

  private MlpModel model;
  private double[] x;
  private double[] t;
  private double[] g;
  private double[] out;
  private double[] grad;
  private double[] inputGrad;

  @Setup
  public void setUp() {
    model = new MlpModel(new MlpConfig(10, new int[] {64, 64, 64}, "gelu", 16, 100, false,
        precision.equals("float64")), new RandomSource(1).split("model"));
    Random r = new Random(2);
    x = new double[rows * 10];
    g = new double[rows * 10];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextGaussian();
      g[i] = r.nextGaussian();
    }
    t = new double[rows];
    for (int i = 0; i < rows; i++) {
      t[i] = (i / 512) / 100.0; // 512 rows per time step, as the stacked call has them
    }
    out = new double[rows * 10];
    grad = new double[Math.toIntExact(model.parameterCount())];
    inputGrad = new double[rows * 10];
  }

  @Benchmark
  public double[] forward() {
    model.evaluate(x, t, out);
    return out;
  }

  @Benchmark
  public double[] parameterGradient() {
    model.backward(x, t, g, grad, null);
    return grad;
  }

  @Benchmark
  public double[] parameterAndInputGradient() {
    model.backward(x, t, g, grad, inputGrad);
    return inputGrad;
  }
}
