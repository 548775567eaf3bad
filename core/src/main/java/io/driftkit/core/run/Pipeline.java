package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.core.metrics.Resampling;
import io.driftkit.core.plot.ScatterPlot;
import io.driftkit.core.train.LossCurvePlot;
import io.driftkit.core.train.TrainHistory;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.core.train.TrainingProgress;
import io.driftkit.core.plugin.Failures;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * {@code run.properties}, the samples ({@code samples.csv}, {@code samples.npy}, with {@code log_w} and a resampled
 * set where the method has weights), {@code metrics.json}, {@code train_history.csv} and the plots.
 */
public final class Pipeline {

  private final PrintStream log;

  private java.util.function.BooleanSupplier stopRequested = () -> false;

  /** @param log where progress goes (standard error for the command line) */
  public Pipeline(PrintStream log) {
    this.log = log;
  }

  /**
   * Training asks this after every step; once true it checkpoints and the run ends {@code interrupted}, saying how
   * to resume ({@link RunInterruptedException}).
   */
  public Pipeline withStopRequest(java.util.function.BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    return this;
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
  public Map<String, Object> execute(AssembledRun run, RunDirectory runDir, boolean resume) {
    // a resume writes its record aside and replaces the resumed run's only once it has completed
    RunDirectory dir = resume ? runDir.staging() : runDir;
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
      if (!train(run, runDir.resolve(CHECKPOINT_DIR), dir, metrics, random.split("train"), resume)) {
        metrics.put("status", "interrupted");
        String how = "driftkit run --resume " + runDir.root();
        metrics.put("resume_with", how);
        runDir.writeJson(resume ? RESUME_FAILED_FILE : "metrics.json", metrics);
        throw new RunInterruptedException(runDir.root(), "training interrupted after step " + metrics.get("train_steps")
            + "; the checkpoint is in " + runDir.resolve(CHECKPOINT_DIR) + "; continue with: " + how);
      }
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
      int[] origins = Evaluation.resample(sample, random);
      writeSamples(dir, run, sample, origins);

      stage = "evaluation";
      start = System.nanoTime();
      Target target = run.components().target();
      INDArray reference = run.method().referenceSamples(run.components(), run.run().get(RunSettings.REFERENCE_N),
          random.split("reference")).orElse(null);
      INDArray floor = floorReference(run, target, reference, (int) sample.samples().size(0),
          random.split("metric-floor"));
      metrics.putAll(Evaluation.evaluate(target, sample, origins, reference, floor, run.run()));
      if (target.hasExactSampler()) {
        run.method().logWeightsOnTargetSamples(run.components(), target.sample(run.run().get(RunSettings.METRIC_N),
            random.split("eubo")), random.split("eubo-paths")).ifPresent(lw -> metrics.put("eubo",
            io.driftkit.core.metrics.LogZ.eubo(io.driftkit.toolkit.Rows.values(lw))));
      }
      metrics.put("metric_seconds", (System.nanoTime() - start) / 1e9);
      if (run.run().get(RunSettings.PLOT)) {
        String title = run.methodName() + " on " + run.targetName();
        if (origins == null) {
          dir.write("samples.png", out -> ScatterPlot.write(out, title, sample.samples(), reference, target.plotBox()));
        } else {
          // the weights say what the sample is worth: the resampled set is the picture, the raw cloud a second one
          INDArray resampled = Resampling.rows(sample.samples(), origins);
          dir.write("samples.png", out -> ScatterPlot.write(out, title + ", resampled by its weights", resampled,
              reference, target.plotBox()));
          dir.write(RAW_PLOT, out -> ScatterPlot.write(out, title + ", raw (unweighted)", sample.samples(),
              reference, target.plotBox()));
        }
      }
      metrics.put("status", "ok");
      dir.writeJson("metrics.json", metrics);
      if (resume) {
        runDir.adopt(dir);
      }
      return metrics;
    } catch (RunInterruptedException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      String error = e.getMessage() != null ? e.getMessage() : Failures.oneLine(e);
      if (resume) {
        metrics.put("status", "failed");
        metrics.put("failed_stage", stage);
        metrics.put("error", error);
        runDir.writeJson(RESUME_FAILED_FILE, metrics);
        writeTrace(runDir, e);
        throw new RunFailedException(runDir.root(), "resumed run failed during " + stage + ": " + error
            + " (the run's own files are unchanged; see " + RESUME_FAILED_FILE + ")", e);
      }
      throw failed(dir, metrics, stage, error, e);
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
    writeTrace(dir, e);
    dir.writeJson("metrics.json", metrics);
    return new RunFailedException(dir.root(), "run failed during " + stage + ": " + error, e);
  }

  /** The files of a run's samples: CSV (with {@code log_w} where weighted), NumPy, and the resampled set. */
  public static final String SAMPLES_CSV = "samples.csv";
  public static final String SAMPLES_NPY = "samples.npy";
  public static final String LOG_WEIGHTS_NPY = "log_w.npy";
  public static final String RESAMPLED_CSV = "samples_resampled.csv";
  public static final String RAW_PLOT = "samples_raw.png";
  public static final String HISTORY_CSV = "train_history.csv";

  /**
   * Writes the first {@code sample.write-n} samples (all for 0) as CSV and .npy, their log weights beside them
   * where the method has weights, and then the resampled set as well, so a user never has to correct an
   * unweighted cloud by hand.
   */
  private static void writeSamples(RunDirectory dir, AssembledRun run, Method.Sample sample, int[] origins) {
    int cap = run.run().get(RunSettings.WRITE_N);
    long n = cap == 0 ? sample.samples().size(0) : cap;
    INDArray x = Evaluation.head(sample.samples(), n);
    INDArray logW = sample.logWeights() == null ? null : sample.logWeights().reshape(-1, 1);
    dir.writeSamples(SAMPLES_CSV, x, logW == null ? null : Evaluation.head(logW, n));
    dir.writeNpy(SAMPLES_NPY, x);
    if (logW != null) {
      dir.writeNpy(LOG_WEIGHTS_NPY, Evaluation.head(logW, n).reshape(-1));
      dir.writeSamples(RESAMPLED_CSV, Evaluation.head(Resampling.rows(sample.samples(), origins), n));
    }
  }

  private static void writeTrace(RunDirectory dir, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    dir.write(ERROR_FILE, out -> out.write(trace.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** What a failed resume writes instead of replacing the resumed run's metrics.json. */
  public static final String RESUME_FAILED_FILE = "resume-failed.json";

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

  /**
   * Training stage: {@link Trainer} with the run's {@code train.*} keys; history to metrics.json and loss.png.
   *
   * @return false when a stop request interrupted it
   */
  private boolean train(AssembledRun run, Path checkpoints, RunDirectory dir, Map<String, Object> metrics,
      RandomSource random, boolean resume) {
    if (!run.method().trainable(run.components())) {
      return true;
    }
    TrainSettings settings = run.train();
    if (settings.steps() == 0) {
      return true;
    }
    TrainResult result;
    try (Progress progress = Progress.start("training", settings.steps(), settings.logEvery(), log)) {
      long[] shown = {0}; // a resumed run starts at its checkpoint's step, not at zero
      TrainingProgress report = (step, total, loss, rate) -> {
        progress.step(step + 1 - shown[0], String.format(Locale.ROOT, "loss %.4g  %.1f steps/s", loss, rate));
        shown[0] = step + 1;
      };
      result = new Trainer(settings).withProgress(report).withStopRequest(stopRequested)
          .train(run.method(), run.components(), random, checkpoints, resume);
    }
    metrics.put("train_seconds", result.seconds());
    metrics.put("train_steps", result.stepsDone());
    TrainHistory history = result.history();
    int tail = Math.max(1, history.steps() / 100);
    metrics.put("train_loss_final", history.steps() == 0 ? Double.NaN : history.loss()[history.steps() - 1]);
    metrics.put("train_loss_tail_mean", history.meanLoss(Math.max(0, history.steps() - tail), history.steps()));
    metrics.put("train_history", history.toMap());
    dir.write(HISTORY_CSV, out -> out.write(history.toCsv().getBytes(StandardCharsets.UTF_8)));
    if (history.steps() > 0 && run.run().get(RunSettings.PLOT)) {
      dir.write("loss.png", out -> LossCurvePlot.write(history, out));
    }
    if (result.diverged()) {
      metrics.put("train_diverged_at", result.divergedAt());
      throw new IllegalStateException(result.message());
    }
    return !result.interrupted();
  }
}
