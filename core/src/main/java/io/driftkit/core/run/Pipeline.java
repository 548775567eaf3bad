package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.core.plot.ScatterPlot;
import io.driftkit.core.train.LossCurvePlot;
import io.driftkit.core.train.TrainHistory;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import io.driftkit.core.plugin.Failures;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs an {@link AssembledRun}: train (when the method has something to learn), sample, evaluate, write
 * {@code run.properties}, {@code samples.csv}, {@code metrics.json} and {@code samples.png}.
 */
public final class Pipeline {

  private final PrintStream log;

  /** @param log where progress goes (standard error for the command line) */
  public Pipeline(PrintStream log) {
    this.log = log;
  }

  /**
   * Executes the run into {@code dir}.
   *
   * @throws RunFailedException when a stage fails; the directory keeps what was complete
   */
  public Map<String, Object> execute(AssembledRun run, RunDirectory dir) {
    return execute(run, dir, false);
  }

  /**
   * Executes the run into {@code dir}; with {@code resume}, training continues from the checkpoint in
   * {@code dir/checkpoint} (same result as a run that never stopped).
   *
   * @throws RunFailedException when a stage fails; the directory keeps what was complete
   */
  public Map<String, Object> execute(AssembledRun run, RunDirectory dir, boolean resume) {
    Map<String, String> properties = new TreeMap<>(run.effective());
    properties.putAll(run.provenance().properties());
    dir.writeProperties("run.properties", "driftkit run: every setting with its effective value.\n"
        + "Run this file again to repeat the run exactly (the provenance.* keys record how it was made and are"
        + " not read back).", properties);
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("status", "running");
    metrics.put("method", run.methodName());
    metrics.put("target", run.targetName());
    metrics.put("provenance", run.provenance().json());
    RandomSource random = new RandomSource(run.seed());
    String stage = "training";
    try {
      train(run, dir, metrics, random.split("train"), resume);
      stage = "sampling";
      int n = run.run().get(RunSettings.SAMPLE_N);
      Method.Sample sample;
      long start = System.nanoTime();
      try (Progress progress = Progress.start("sampling", run.method().sampleSteps(run.components(), n), log)) {
        StepObserver observer = new FiniteGuard("sampling").andThen(step -> progress.step(1, null));
        sample = run.method().sample(run.components(), n, random.split("sample"), observer);
      }
      metrics.put("sample_seconds", (System.nanoTime() - start) / 1e9);
      metrics.put("nfe", sample.functionEvaluations());
      metrics.putAll(sample.metrics());
      int written = run.run().get(RunSettings.WRITE_N);
      dir.writeSamples("samples.csv", written == 0 ? sample.samples() : Evaluation.head(sample.samples(), written));

      stage = "evaluation";
      start = System.nanoTime();
      Target target = run.components().target();
      INDArray reference = run.method().referenceSamples(run.components(), run.run().get(RunSettings.REFERENCE_N),
          random.split("reference")).orElse(null);
      INDArray floor = floorReference(run, target, reference, (int) sample.samples().size(0),
          random.split("metric-floor"));
      metrics.putAll(Evaluation.evaluate(target, sample, reference, floor, run.run(), random));
      if (target.hasExactSampler()) {
        run.method().logWeightsOnTargetSamples(run.components(), target.sample(run.run().get(RunSettings.METRIC_N),
            random.split("eubo")), random.split("eubo-paths")).ifPresent(lw -> metrics.put("eubo",
            io.driftkit.core.metrics.LogZ.eubo(io.driftkit.toolkit.Rows.values(lw))));
      }
      metrics.put("metric_seconds", (System.nanoTime() - start) / 1e9);
      if (run.run().get(RunSettings.PLOT)) {
        dir.write("samples.png", out -> ScatterPlot.write(out, run.methodName() + " on " + run.targetName(),
            sample.samples(), reference, target.plotBox()));
      }
      metrics.put("status", "ok");
      dir.writeJson("metrics.json", metrics);
      return metrics;
    } catch (RuntimeException | LinkageError e) {
      throw failed(dir, metrics, stage, e.getMessage() != null ? e.getMessage() : Failures.oneLine(e), e);
    }
  }

  /**
   * Records a run whose components failed while being created (stage {@code assembly}): {@code run.properties}
   * with the settings as given, {@code metrics.json} saying what failed, the stack trace in {@code error.txt}.
   *
   * @return the exception to throw
   */
  public RunFailedException assemblyFailed(AssemblyFailedException e, RunDirectory dir) {
    if (!java.nio.file.Files.exists(dir.resolve("run.properties"))) { // a resumed run keeps its own
      dir.writeProperties("run.properties", "driftkit run: the settings as given; the run failed while its"
          + " components were being created (see metrics.json, error.txt).", e.config().values());
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("method", e.methodName());
    metrics.put("target", e.targetName());
    return failed(dir, metrics, "assembly", e.getMessage(), e);
  }

  /** Writes metrics.json (status failed, the stage, the error) and error.txt (the stack trace). */
  private static RunFailedException failed(RunDirectory dir, Map<String, Object> metrics, String stage,
      String error, Throwable e) {
    metrics.put("status", "failed");
    metrics.put("failed_stage", stage);
    metrics.put("error", error);
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    dir.write(ERROR_FILE, out -> out.write(trace.toString().getBytes(StandardCharsets.UTF_8)));
    dir.writeJson("metrics.json", metrics);
    return new RunFailedException(dir.root(), "run failed during " + stage + ": " + error, e);
  }

  /** The file of a failed run that holds the stack trace. */
  public static final String ERROR_FILE = "error.txt";

  /**
   * A second, independent draw of the reference distribution for the metrics' noise floors, as many rows as the
   * metrics take from the sample: all of them for a mixture target (its mode metrics use every sample), else up to
   * the O(n^2) metrics' caps. Null without a reference, and where the method's reference is fixed data (held-out
   * rows): a second call then returns the same rows, and exact-against-exact has no meaning.
   */
  private static INDArray floorReference(AssembledRun run, Target target, INDArray reference, int n,
      RandomSource random) {
    if (reference == null) {
      return null;
    }
    int rows = target.mixture().isPresent() ? n
        : Math.min(n, Math.max(run.run().get(RunSettings.METRIC_N), run.run().get(RunSettings.SINKHORN_N)));
    INDArray floor = run.method().referenceSamples(run.components(), rows, random).orElse(null);
    if (floor == null || floor.size(0) < rows) {
      return null;
    }
    long common = Math.min(floor.size(0), reference.size(0));
    boolean same = Evaluation.head(floor, common).equals(Evaluation.head(reference, common));
    return same ? null : floor;
  }

  /** Where training checkpoints go inside a run directory. */
  public static final String CHECKPOINT_DIR = "checkpoint";

  /** Training stage: {@link Trainer} with the run's {@code train.*} keys; history to metrics.json and loss.png. */
  private void train(AssembledRun run, RunDirectory dir, Map<String, Object> metrics, RandomSource random,
      boolean resume) {
    if (!run.method().trainable(run.components())) {
      return;
    }
    TrainSettings settings = run.train();
    if (settings.steps() == 0) {
      return;
    }
    TrainResult result;
    try (Progress progress = Progress.start("training", settings.steps(), settings.logEvery(), log)) {
      long[] shown = {0}; // a resumed run starts at its checkpoint's step, not at zero
      TrainingProgress report = (step, total, loss, rate) -> {
        progress.step(step + 1 - shown[0], String.format(Locale.ROOT, "loss %.4g  %.1f steps/s", loss, rate));
        shown[0] = step + 1;
      };
      result = new Trainer(settings).withProgress(report)
          .train(run.method(), run.components(), random, dir.resolve(CHECKPOINT_DIR), resume);
    }
    metrics.put("train_seconds", result.seconds());
    metrics.put("train_steps", result.stepsDone());
    TrainHistory history = result.history();
    int tail = Math.max(1, history.steps() / 100);
    metrics.put("train_loss_final", history.meanLoss(Math.max(0, history.steps() - tail), history.steps()));
    metrics.put("train_history", history.toMap());
    if (history.steps() > 0 && run.run().get(RunSettings.PLOT)) {
      dir.write("loss.png", out -> LossCurvePlot.write(history, out));
    }
    if (result.diverged()) {
      metrics.put("train_diverged_at", result.divergedAt());
      throw new IllegalStateException(result.message());
    }
  }
}
