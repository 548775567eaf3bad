package io.driftkit.cli.bench;

import io.driftkit.api.Components;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.core.config.RunConfig;
import io.driftkit.models.MlpConfig;
import io.driftkit.models.MlpModel;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code driftkit bench sde}: mlp training steps/s (a DSM-shaped step: forward, backward, Adam) over batch, dimension
 * and width; sampling throughput (samples x steps per second) of each integrator with the exact score of gmm-40
 * under VP; peak resident memory. Numbers depend on the machine and its load; ND4J's per-op cost is lowest with
 * {@code OMP_NUM_THREADS=1} on a busy machine.
 */
public final class SdeBenchmark {

  private final PrintStream out;
  private final boolean quick;

  public SdeBenchmark(PrintStream out, boolean quick) {
    this.out = out;
    this.quick = quick;
  }

  /** {@code --quick} runs fewer steps (a smoke test of the benchmark itself). */
  public static void main(String[] args) {
    new SdeBenchmark(System.out, List.of(args).contains("--quick")).run();
  }

  /** Runs every part and prints a table. */
  public void run() {
    out.println("driftkit bench sde   (OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")
        + ", " + Runtime.getRuntime().availableProcessors() + " cpus)");
    training();
    sampling();
    out.printf(Locale.ROOT, "peak resident memory: %.0f MiB%n", PeakMemory.mebibytes());
  }

  /** Regression of v(x, t) onto -x: the same calls per step as dsm (one forward, one backward, one Adam update). */
  static final Loss REGRESSION = c -> {
    LearnableDriftModel m = c.model();
    int n = c.batchSize();
    INDArray x = c.random().normal(n, m.dim());
    INDArray t = c.random().uniform(n, 1).reshape(n);
    INDArray residual = m.evaluate(x, t).addi(x);
    double loss = residual.mul(residual).sumNumber().doubleValue() / n;
    return new Loss.Value(loss, m.backward(x, t, residual.muli(2.0 / n)).parameters());
  };

  private static final Method NO_SAMPLING = (components, n, random, observer) -> {
    throw new UnsupportedOperationException();
  };

  void training() {
    out.println();
    out.println("mlp training (hidden = w,w, silu, 16 time frequencies, float32, Adam)");
    out.printf("%-6s %-6s %-6s %12s %14s%n", "d", "width", "batch", "steps/s", "samples/s");
    for (int batch : new int[] {512, 4096}) {
      for (int d : new int[] {2, 10, 50}) {
        for (int width : new int[] {64, 128}) {
          MlpModel model = new MlpModel(new MlpConfig(d, new int[] {width, width}, "silu", 16, 100, true, false),
              new RandomSource(1));
          Components components = new Components(null, null, model, REGRESSION, null);
          int steps = quick ? 3 : batch >= 4096 ? 15 : 40;
          train(components, 3, batch); // warm-up: graph building, JIT
          TrainResult r = train(components, steps, batch);
          double rate = steps / r.seconds();
          out.printf(Locale.ROOT, "%-6d %-6d %-6d %12.1f %14.0f%n", d, width, batch, rate, rate * batch);
        }
      }
    }
  }

  private static TrainResult train(Components components, int steps, int batch) {
    TrainSettings s = TrainSettings.parse(Map.of("steps", String.valueOf(steps), "batch", String.valueOf(batch)));
    return new Trainer(s).withProgress(TrainingProgress.NONE).train(NO_SAMPLING, components, new RandomSource(2),
        null, false);
  }

  void sampling() {
    out.println();
    out.println("sampling with oracle-score on gmm-40 (d = 50, 40 modes), forward vp, n = " + sampleCount());
    PluginRegistry registry;
    try {
      registry = PluginRegistry.load();
    } catch (RuntimeException e) {
      out.println("  skipped: plugins not loadable (" + e.getMessage() + ")");
      return;
    }
    // two bounds on a step, both measured in this run: memory (its state read and written and each drift
    // evaluation's output, float64, at the triad bandwidth) and arithmetic (each exact score costs about 5 K d flops:
    // K distances of d coordinates, 3 flops each, and the responsibility-weighted sum of the K means, 2 each, at the
    // float64 FMA peak); the step cannot beat the smaller, its roofline
    double bandwidth = SamplerBenchmark.bandwidth();
    double peak = FmaPeak.gflops(true) * 1e9;
    out.printf(Locale.ROOT, "memory bandwidth (triad, one thread): %.1f GB/s; float64 FMA peak (one thread): %.1f"
        + " GFLOP/s%n", bandwidth / 1e9, peak / 1e9);
    out.printf("%-16s %6s %8s %10s %21s %13s %12s %9s%n", "integrator", "steps", "NFE", "seconds",
        "samples x steps / s", "memory bound", "flop bound", "of lower");
    for (String integrator : new String[] {"euler-maruyama", "stochastic-heun", "euler", "heun", "rk4", "rk45"}) {
      Map<String, String> keys = new java.util.TreeMap<>(Map.of("method", "score-sde", "target", "gmm-40",
          "forward", "vp", "model", "oracle-score", "integrator", integrator, "train.steps", "0"));
      // the sampler alone: score-sde's ODE-SDE gap report (1000 paths of 500 steps, twice, and the Fokker-Planck
      // residual) would otherwise take most of the time measured
      keys.put("method.gap-n", "0");
      keys.put("method.gap-residual-n", "0");
      if (!integrator.equals("rk45")) {
        keys.put("integrator.steps", quick ? "10" : "100");
      }
      AssembledRun run;
      try {
        run = new RunAssembler(registry).assemble(RunConfig.of("bench", keys));
      } catch (RuntimeException e) {
        out.println("  " + integrator + " skipped: " + e.getMessage());
        continue;
      }
      int n = sampleCount();
      // warm-up at full size: the Vector API kernels run hundreds of times slower until C2 has compiled them
      run.method().sample(run.components(), n, new RandomSource(0), StepObserver.NONE);
      long t0 = System.nanoTime();
      int[] steps = {0};
      Method.Sample sample = run.method().sample(run.components(), n, new RandomSource(1), s -> steps[0]++);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double rate = (double) n * steps[0] / seconds;
      double evaluations = (double) sample.functionEvaluations() / Math.max(1, steps[0]);
      int d = run.components().target().dim();
      int modes = run.components().target().mixture().orElseThrow().components();
      double memoryBound = bandwidth / ((2 + evaluations) * 8.0 * d);
      double flopBound = peak / (evaluations * 5.0 * modes * d);
      out.printf(Locale.ROOT, "%-16s %6d %8d %10.2f %21.0f %13.0f %12.0f %8.1f%%%n", integrator, steps[0],
          sample.functionEvaluations(), seconds, rate, memoryBound, flopBound,
          100 * rate / Math.min(memoryBound, flopBound));
    }
  }

  private int sampleCount() {
    return quick ? 200 : 2000;
  }
}
