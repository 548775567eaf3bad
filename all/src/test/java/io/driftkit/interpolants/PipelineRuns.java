package io.driftkit.interpolants;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs through the real pipeline with every plugin on the class path, and the MMD noise level of exact samples. */
final class PipelineRuns {

  static final RunAssembler ASSEMBLER = new RunAssembler(PluginRegistry.load());
  private static final Pipeline PIPELINE = new Pipeline(new PrintStream(OutputStream.nullOutputStream()));

  private PipelineRuns() {}

  /** Assembles and executes a run from {@code key=value} assignments into {@code dir/name}; returns its metrics. */
  static Map<String, Object> run(Path dir, String name, String... assignments) {
    RunConfig c = RunConfig.of("test", Map.of()).with(List.of(assignments));
    return PIPELINE.execute(ASSEMBLER.assemble(c), RunDirectory.open(dir.resolve(name)), false);
  }

  /** The sizes the MMD bound is for: {@code sample.n} and {@code sample.reference-n} of the test runs. */
  static final int SAMPLES = 500;
  static final int REFERENCE = 1000;

  private static final Map<String, Double> BOUNDS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A bound on the run metric {@code mmd} = sqrt(max(0, MMD^2)) of {@link #SAMPLES} samples against
   * {@link #REFERENCE} exact ones that exact samples meet: under the null the unbiased MMD^2 has mean 0; its spread
   * is the root mean square over 20 pairs of exact sets of those sizes, and a sample within 5 spreads passes.
   */
  static double mmdBound(String target) {
    return BOUNDS.computeIfAbsent(target, name -> {
      Target t = ASSEMBLER.target(name, Map.of(), 1);
      double sumSq = 0;
      for (int r = 0; r < 20; r++) {
        double m = Mmd.squared(t.sample(SAMPLES, new RandomSource(100 + r)),
            t.sample(REFERENCE, new RandomSource(200 + r)));
        sumSq += m * m;
      }
      return Math.sqrt(5 * Math.sqrt(sumSq / 20));
    });
  }
}
