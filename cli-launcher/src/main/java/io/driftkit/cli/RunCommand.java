package io.driftkit.cli;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftkit run [CONFIG] [--set key=value]... [--out DIR]}. */
@Command(name = "run", description = "Run a pipeline: train, sample, evaluate, write the run directory."
    + " With no CONFIG, runs the built-in default pipeline.")
final class RunCommand implements Callable<Integer> {

  private static final List<String> SUMMARY = List.of("status", "method", "target", "n", "dim", "log_z_true",
      "log_z_elbo", "log_z_is", "log_z_error", "ess", "eubo", "mmd", "sinkhorn", "mode_coverage", "mean_error",
      "second_moment_error", "acceptance_rate", "log_likelihood", "log_likelihood_true", "nfe", "train_seconds",
      "sample_seconds");

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", description = "config file (.properties or .yaml)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/<method>-<target>-<time>)")
  Path out;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run from its"
      + " checkpoint, with the settings in RUN_DIR/run.properties (plus any --set); writes into RUN_DIR")
  Path resume;

  @Override
  public Integer call() {
    if (resume != null && (config != null || out != null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume takes its config and directory from RUN_DIR; drop CONFIG and --out");
    }
    if (resume != null && !Files.isRegularFile(resume.resolve("run.properties"))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume " + resume + ": no run.properties there; is it a run directory?");
    }
    RunConfig base = resume != null ? RunConfig.load(resume.resolve("run.properties"))
        : config == null ? RunConfig.defaults() : RunConfig.load(config);
    RunConfig cfg = base.with(overrides);
    AssembledRun run = new RunAssembler(PluginRegistry.load()).assemble(cfg);
    Path dir = resume != null ? resume : out != null ? out : freshDirectory(run);
    var err = spec.commandLine().getErr();
    err.println("driftkit: " + run.methodName() + " on " + run.targetName() + " -> " + dir
        + (resume != null ? " (resuming)" : ""));
    Map<String, Object> metrics = new Pipeline(System.err).execute(run, RunDirectory.open(dir), resume != null);
    printSummary(metrics, dir);
    return 0;
  }

  private void printSummary(Map<String, Object> metrics, Path dir) {
    var o = spec.commandLine().getOut();
    o.println();
    o.printf("%-22s %s%n", "metric", "value");
    o.printf("%-22s %s%n", "-".repeat(22), "-".repeat(16));
    for (String key : SUMMARY) {
      Object v = metrics.get(key);
      if (v != null) {
        o.printf("%-22s %s%n", key, v instanceof Double d ? String.format("%.6g", d) : v);
      }
    }
    o.println();
    o.println("written to " + dir + " (run.properties, metrics.json, samples.csv, samples.png)");
  }

  private static Path freshDirectory(AssembledRun run) {
    String base = run.methodName() + "-" + run.targetName() + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = Path.of("runs", base);
    for (int i = 2; Files.exists(dir); i++) {
      dir = Path.of("runs", base + "-" + i);
    }
    return dir;
  }
}
