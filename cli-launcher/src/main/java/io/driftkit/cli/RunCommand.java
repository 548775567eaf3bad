package io.driftkit.cli;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.AssemblyFailedException;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.ResumeCheck;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.core.run.RunInterruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftkit run [CONFIG] [--set key=value]... [--out DIR]}. */
@Command(name = "run", description = "Run a pipeline: train, sample, evaluate, write the run directory."
    + " With no CONFIG, runs the built-in default pipeline.")
final class RunCommand implements Callable<Integer> {

  /** The headline keys, in this order; sample metrics with their noise floor (exact against exact) after them. */
  private static final List<String> SUMMARY = List.of(
      "status", "method", "target", "n", "dim", "log_z_true", "log_z_elbo", "log_z_elbo_se", "log_z_is",
      "log_z_is_se", "log_z_error", "ess", "eubo", "mmd2", "mmd2_se", "mmd2_floor", "mmd2_resampled", "sinkhorn",
      "sinkhorn_floor", "sinkhorn_resampled", "modes", "modes_covered", "modes_covered_resampled", "on_mode",
      "on_mode_resampled", "mode_entropy", "mode_entropy_resampled", "mode_mean_offset2", "mode_mean_offset2_floor",
      "mode_cov_error", "mode_cov_error_floor", "mean_error", "second_moment_error", "acceptance_rate",
      "log_likelihood", "log_likelihood_se", "log_likelihood_true", "bits_per_dim", "reconstruction_rmse",
      "ode_sde_w2", "ode_sde_w2_floor", "sde_sinkhorn", "ode_sinkhorn", "fp_residual_ms", "nfe", "train_seconds",
      "sample_seconds", "metric_seconds");

  /** How long a stop signal waits for the current step, its checkpoint and the run record. */
  static final int STOP_WAIT_SECONDS = 120;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", description = "config file (.properties or .yaml)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one key (repeatable)")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--unset", paramLabel = "KEY", description = "remove a key (and, for a plugin key, that"
      + " plugin's own keys) so its default applies (repeatable; applied before --set)")
  List<String> unset = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default runs/<method>-<target>-<time>)")
  Path out;

  @Option(names = "--force", description = "with --out: use the directory even if it is not empty, deleting its"
      + " contents first")
  boolean force;

  @Option(names = "--resume", paramLabel = "RUN_DIR", description = "continue an interrupted run from its"
      + " checkpoint, with the settings in RUN_DIR/run.properties (plus any --set); writes into RUN_DIR")
  Path resume;

  @Option(names = "--dry-run", description = "assemble the run (every key, plugin and file checked) and print its"
      + " effective settings, as run.properties would record them, without running or writing anything")
  boolean dryRun;

  @Override
  public Integer call() {
    if (resume != null && (config != null || out != null)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume takes its config and directory from RUN_DIR; drop CONFIG and --out");
    }
    if (force && out == null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--force applies to --out DIR only");
    }
    if (resume != null && !Files.isRegularFile(resume.resolve("run.properties"))) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume " + resume + ": no run.properties there; is it a run directory?");
    }
    RunConfig base = resume != null ? RunConfig.load(resume.resolve("run.properties"))
        : config == null ? RunConfig.defaults(overrides) : RunConfig.load(config);
    for (String key : unset) {
      base = base.without(key);
    }
    RunConfig cfg = base.with(overrides);
    var err = spec.commandLine().getErr();
    AssembledRun run;
    try {
      run = new RunAssembler(DriftkitCommand.plugins(spec)).assemble(cfg);
    } catch (AssemblyFailedException e) {
      if (dryRun) {
        err.println("error: " + e.getMessage());
        return DriftkitCommand.EXIT_FAILED;
      }
      // a component threw while being created: the run failed at its first stage and gets a directory saying so
      throw Pipeline.quiet().assemblyFailed(e, directory(e.methodName(), e.targetName()));
    }
    if (resume != null) {
      ResumeCheck.validate(base.values(), cfg.values(), run, RunDirectory.open(resume));
    }
    if (dryRun) {
      var o = spec.commandLine().getOut();
      new java.util.TreeMap<>(run.effective()).forEach((k, v) -> o.println(k + " = " + v));
      o.println("# " + run.methodName() + " on " + run.targetName() + ": assembled; nothing run (--dry-run)");
      return 0;
    }
    RunDirectory directory = directory(run.methodName(), run.targetName());
    Path dir = directory.root();
    err.println("driftkit: " + run.methodName() + " on " + run.targetName() + " -> " + dir
        + (resume != null ? " (resuming)" : ""));
    // Ctrl-C or SIGTERM: the JVM runs this hook; training finishes its step, checkpoints, and the run records it
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch recorded = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      try {
        recorded.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "driftkit-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Map<String, Object> metrics = new Pipeline(TerminalProgress.of(System.err)).withStopRequest(stop::get)
          .execute(run, directory, resume != null);
      printSummary(metrics, dir);
      return 0;
    } catch (RunInterruptedException e) {
      err.println("interrupted: " + e.getMessage());
      return DriftkitCommand.EXIT_INTERRUPTED;
    } finally {
      recorded.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook has been started and returns now
      }
    }
  }

  /** The run's directory, created only once the run has been assembled (a configuration error writes nothing). */
  private RunDirectory directory(String method, String target) {
    if (resume != null) {
      return RunDirectory.open(resume);
    }
    if (out != null) {
      return RunDirectory.createFor(out, force);
    }
    return RunDirectory.createUnique(Path.of("runs"), method + "-" + target + "-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** The run directory's entries, sorted, a directory with a trailing '/', temporary files left out. */
  static List<String> writtenFiles(Path dir) {
    try (var entries = java.nio.file.Files.list(dir)) {
      return entries.filter(p -> !p.getFileName().toString().startsWith("."))
          .map(p -> p.getFileName() + (java.nio.file.Files.isDirectory(p) ? "/" : "")).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of("listing failed: " + e.getMessage());
    }
  }

  private void printSummary(Map<String, Object> metrics, Path dir) {
    var o = spec.commandLine().getOut();
    o.println();
    o.printf("%-24s %s%n", "metric", "value");
    o.printf("%-24s %s%n", "-".repeat(24), "-".repeat(16));
    for (String key : SUMMARY) {
      Object v = metrics.get(key);
      if (v != null) {
        o.printf("%-24s %s%n", key, v instanceof Double d ? String.format("%.6g", d) : v);
      }
    }
    o.println();
    o.println("written to " + dir + " (" + String.join(", ", writtenFiles(dir)) + ")");
  }

}
