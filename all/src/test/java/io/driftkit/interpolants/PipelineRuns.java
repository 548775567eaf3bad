package io.driftkit.interpolants;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs through the real pipeline with every plugin on the class path, and the MMD^2 against its noise floor. */
final class PipelineRuns {

  static final RunAssembler ASSEMBLER = new RunAssembler(PluginRegistry.load());
  private static final Pipeline PIPELINE = new Pipeline(new PrintStream(OutputStream.nullOutputStream()));

  private PipelineRuns() {}

  /** Assembles and executes a run from {@code key=value} assignments into {@code dir/name}; returns its metrics. */
  static Map<String, Object> run(Path dir, String name, String... assignments) {
    RunConfig c = RunConfig.of("test", Map.of()).with(List.of(assignments));
    return PIPELINE.execute(ASSEMBLER.assemble(c), RunDirectory.open(dir.resolve(name)), false);
  }

  /**
   * The run's MMD^2 above its noise floor (an exact draw of the same size against the same reference, measured with
   * the same kernel), in standard errors. Under the null both have mean 0; the difference is compared with sqrt(2)
   * times the run's jackknife standard error, which by Efron-Stein overstates the spread (1.3 times it measured), so
   * a bound of 5 fails a run of exact samples with probability well below 1e-6.
   */
  static double mmdExcess(Map<String, Object> m) {
    double value = ((Number) m.get("mmd2")).doubleValue();
    double floor = ((Number) m.get("mmd2_floor")).doubleValue();
    double se = ((Number) m.get("mmd2_se")).doubleValue();
    return (value - floor) / (Math.sqrt(2) * se);
  }
}
