package io.driftkit.cli.bench;

import io.driftkit.api.RandomSource;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import io.driftkit.toolkit.Rows;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code driftkit bench kernels}: the mlp's forward and forward + backward passes in GFLOP/s beside the machine's
 * FMA peak measured in the same run, for the network of the control benchmarks (d = 10, 64x64x64 GELU, 16 time
 * frequencies) at the row counts a dis training step uses: 512 (one simulation step) and 51,200 (all 100 steps
 * stacked for the log-variance gradient). Rates are per second of this thread's CPU time, and so is the peak: on a
 * shared machine time-slicing then cancels out of the ratio (contention for the core's caches and units does not).
 */
final class KernelBenchmark {

  /** Rows of one simulation step and of one stacked log-variance call (batch 512, K = 100). */
  static final int[] ROWS = {512, 51_200};

  private final PrintStream out;
  private final double seconds;

  KernelBenchmark(PrintStream out, double seconds) {
    this.out = out;
    this.seconds = seconds;
  }

  void run() {
    out.println("driftkit bench kernels   (" + Runtime.getRuntime().availableProcessors() + " cpus; rates per"
        + " second of thread CPU time)");
    double peak32 = FmaPeak.gflops(false);
    double peak64 = FmaPeak.gflops(true);
    out.printf(Locale.ROOT, "FMA peak, 1 thread: float32 %.1f GFLOP/s, float64 %.1f GFLOP/s%n", peak32, peak64);
    out.printf(Locale.ROOT, "FMA peak, 2 threads, wall clock: float32 %.1f GFLOP/s%n", FmaPeak.gflopsWall(2));
    out.println();
    out.println("mlp d=10, hidden 64,64,64, gelu, 16 time frequencies (one thread)");
    warmUp();
    out.printf("%-8s %-26s %8s %12s %10s %10s%n", "precision", "pass", "rows", "calls/s", "GFLOP/s", "of peak");
    for (boolean float64 : new boolean[] {false, true}) {
      MlpModel model = new MlpModel(new MlpConfig(10, new int[] {64, 64, 64}, "gelu", 16, 100, false, float64),
          new RandomSource(1).split("model"));
      double peak = float64 ? peak64 : peak32;
      for (int n : ROWS) {
        measure(model, n, float64, peak);
      }
    }
  }

  /**
   * Until the JIT has compiled them, Vector API calls run as slow generic code (the first dis training step takes
   * seconds longer than the rest): every pass runs on small inputs first, so no line measures compilation.
   */
  private void warmUp() {
    for (boolean float64 : new boolean[] {false, true}) {
      MlpModel model = new MlpModel(new MlpConfig(10, new int[] {64, 64, 64}, "gelu", 16, 100, false, float64),
          new RandomSource(0));
      double[] grad = new double[Math.toIntExact(model.parameterCount())];
      long end = CpuTime.now() + (long) (2 * seconds * 1e9);
      for (int round = 0; round < 3 || CpuTime.now() < end; round++) {
        for (int n : ROWS) {
          double[] x = new double[n * 10];
          double[] t = new double[n];
          model.evaluate(x, t, new double[n * 10]);
          model.backward(x, t, x, grad, null);
          model.backward(x, t, x, grad, new double[n * 10]);
        }
      }
    }
  }

  private void measure(MlpModel model, int n, boolean float64, double peak) {
    RandomSource r = new RandomSource(2);
    double[] x = Rows.values(r.normal(n, 10));
    double[] g = Rows.values(r.normal(n, 10));
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = (i / 512) / 100.0; // rows of one time step together, as the stacked call has them
    }
    double[] out64 = new double[n * 10];
    double[] grad = new double[Math.toIntExact(model.parameterCount())];
    double[] inputGrad = new double[n * 10];
    long macs = model.multiplyAddsPerRow();
    // the stacked call: forward recomputed, then weight gradients (as many multiply-adds) and the gradients
    // flowing down to the first hidden layer (all but the first layer's)
    long firstLayer = (long) (10 + 33) * 64;
    double forwardFlop = 2.0 * macs * n;
    double paramFlop = 2.0 * (3 * macs - firstLayer) * n;
    double inputFlop = paramFlop + 2.0 * 10 * 64 * n;
    String precision = float64 ? "float64" : "float32";
    report(precision, "forward", n, forwardFlop, peak, () -> model.evaluate(x, t, out64));
    report(precision, "forward+backward (params)", n, paramFlop, peak, () -> model.backward(x, t, g, grad, null));
    report(precision, "forward+backward (+input)", n, inputFlop, peak,
        () -> model.backward(x, t, g, grad, inputGrad));
  }

  private void report(String precision, String pass, int n, double flop, double peak, Runnable call) {
    double[] rates = new double[5];
    for (int round = 0; round < rates.length; round++) {
      long t0 = CpuTime.now();
      long end = t0 + (long) (seconds / rates.length * 1e9);
      int c = 0;
      long now;
      do {
        call.run();
        c++;
        now = CpuTime.now();
      } while (now < end);
      rates[round] = c / ((now - t0) / 1e9);
    }
    Arrays.sort(rates);
    double callsPerSecond = rates[rates.length / 2];
    double gflops = callsPerSecond * flop / 1e9;
    out.printf(Locale.ROOT, "%-8s  %-26s %8d %12.1f %10.1f %9.1f%%%n", precision, pass, n, callsPerSecond, gflops,
        100 * gflops / peak);
  }
}
