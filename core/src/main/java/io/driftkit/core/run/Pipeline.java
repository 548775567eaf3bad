package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.PhasedTraining;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.core.Nd4jRuntime;
import io.driftkit.core.plot.ConvergencePlot;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.plugin.Failures;
import io.driftkit.core.train.TrainHistory;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import io.driftkit.toolkit.Rows;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one engine of a run, shared by the command line and the library: the stages {@link #train}, {@link #sample}
 * and {@link #evaluate}, and {@link #run} doing all three, with a {@link RunDirectory} as an optional output.
 *
 * <p>Every stage draws from its own named stream of the run's root source {@code new RandomSource(seed)}:
 * {@code train}, {@code sample}, and {@code reference}, {@code eubo}, {@code eubo-paths} for the evaluation; so the
 * stages called one by one give the numbers {@link #run} gives.
 */
public final class Pipeline {

  /** The file of a failed run that holds the stack trace. */
  public static final String ERROR_FILE = RunRecord.ERROR_FILE;

  /** Where training checkpoints go inside a run directory. */
  public static final String CHECKPOINT_DIR = "checkpoint";

  /** The files of a run's samples: CSV (with {@code log_w} where weighted), NumPy, and the resampled set. */
  public static final String SAMPLES_CSV = RunRecord.SAMPLES_CSV;
  public static final String SAMPLES_NPY = RunRecord.SAMPLES_NPY;
  public static final String LOG_WEIGHTS_NPY = RunRecord.LOG_WEIGHTS_NPY;
  public static final String RESAMPLED_CSV = RunRecord.RESAMPLED_CSV;
  public static final String RAW_PLOT = RunRecord.RAW_PLOT;
  public static final String HISTORY_CSV = RunRecord.HISTORY_CSV;

  /** What a failed resume writes instead of replacing the resumed run's metrics.json. */
  public static final String RESUME_FAILED_FILE = RunRecord.RESUME_FAILED_FILE;

  private final ProgressListener progress;

  private java.util.function.BooleanSupplier stopRequested = () -> false;

  /** A pipeline reporting progress to {@code progress}. */
  public Pipeline(ProgressListener progress) {
    this.progress = progress;
    Nd4jRuntime.ensure();
  }

  /** A pipeline printing a plain progress line to {@code log} every tenth of a stage. */
  public Pipeline(PrintStream log) {
    this(ProgressListener.lines(log));
  }

  /**
   * Training asks this after every step; once true it checkpoints and the run ends {@code interrupted}, saying how
   * to resume ({@link RunInterruptedException}).
   */
  public Pipeline withStopRequest(java.util.function.BooleanSupplier stopRequested) {
    this.stopRequested = stopRequested;
    return this;
  }

  /** A pipeline that reports nothing. */
  public static Pipeline quiet() {
    return new Pipeline(ProgressListener.NONE);
  }

  /**
   * Executes the run into {@code dir}.
   *
   * @return the metrics, as metrics.json holds them
   * @throws RunFailedException when a stage fails; the directory keeps what was complete
   */
  public Map<String, Object> execute(AssembledRun run, RunDirectory dir) {
    return execute(run, dir, false);
  }

  /**
   * Executes the run into {@code dir}; with {@code resume}, training continues from the checkpoint in
   * {@code dir/checkpoint} (same result as a run that never stopped).
   *
   * @return the metrics, as metrics.json holds them
   * @throws RunFailedException when a stage fails; the directory keeps what was complete
   */
  public Map<String, Object> execute(AssembledRun run, RunDirectory dir, boolean resume) {
    return run(run, dir, resume).metrics();
  }

  /**
   * Trains (when the method has something to learn), samples and evaluates.
   *
   * @param runDir where run.properties, the samples, metrics.json, the plots and the training checkpoints go, or
   *     null to write nothing
   * @param resume continue training from the checkpoint in {@code dir/checkpoint}
   * @throws RunFailedException when a stage fails (with {@code runDir}, that directory keeps what was complete; a
   *     failed resume leaves the run's own files as they were and writes {@value #RESUME_FAILED_FILE})
   */
  public RunOutcome run(AssembledRun run, RunDirectory runDir, boolean resume) {
    if (run.method().phasedTraining().isPresent() && runDir != null) {
      PhaseCheckpoints.check(run, runDir.resolve(CHECKPOINT_DIR), resume);
    }
    // a resume writes its record aside and replaces the resumed run's only once it has completed
    RunDirectory dir = runDir == null ? null : resume ? runDir.staging() : runDir;
    RunRecord record = dir == null ? RunRecord.NONE : new RunRecord(dir);
    record.started(run);
    Map<String, Object> metrics = header(run);
    RandomSource random = new RandomSource(run.seed());
    String[] stage = {"training"};
    try {
      Path checkpoints = runDir == null ? null : runDir.resolve(CHECKPOINT_DIR);
      TrainResult training = null;
      String interrupted = null; // what a stop request interrupted, or null
      if (run.method().phasedTraining().isPresent()) {
        interrupted = trainInPhases(run, random.split("train"), checkpoints, resume, record, metrics);
      } else {
        training = train(run, random, checkpoints, resume);
        if (training != null && training.interrupted()) {
          putTraining(metrics, training);
          interrupted = "training interrupted after step " + training.stepsDone();
        }
      }
      if (interrupted != null) {
        metrics.put("status", "interrupted");
        if (runDir == null) {
          throw new RunInterruptedException(null, interrupted);
        }
        String how = "driftkit run --resume " + runDir.root();
        metrics.put("resume_with", how);
        runDir.writeJson(resume ? RESUME_FAILED_FILE : "metrics.json", metrics);
        throw new RunInterruptedException(runDir.root(), interrupted + "; the checkpoint is in "
            + runDir.resolve(CHECKPOINT_DIR) + "; continue with: " + how);
      }
      if (training != null) {
        putTraining(metrics, training);
        record.history(run, training.history());
        if (training.diverged()) {
          throw new IllegalStateException(training.message());
        }
      }
      RunOutcome outcome = sampleAndEvaluate(run, random, training, metrics, record, stage);
      if (resume && runDir != null) {
        runDir.adopt(dir);
      }
      return outcome;
    } catch (RunInterruptedException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      String error = e.getMessage() != null ? e.getMessage() : Failures.oneLine(e);
      if (resume && runDir != null) {
        throw new RunRecord(runDir).resumeFailed(metrics, stage[0], error, e);
      }
      throw record.failed(metrics, stage[0], error, e);
    }
  }

  /**
   * The training stage of {@link #run} on its own, writing nothing: trains the run's model in place (phased
   * methods included) and returns what {@link #run} would have recorded so far, for {@link #sampleTrained}.
   *
   * @throws RunFailedException when training fails or diverges
   * @throws RunInterruptedException when a stop request ended training
   */
  public TrainedStage trainOnly(AssembledRun run) {
    Map<String, Object> metrics = header(run);
    RandomSource random = new RandomSource(run.seed());
    try {
      TrainResult training = null;
      if (run.method().phasedTraining().isPresent()) {
        trainInPhases(run, random.split("train"), null, false, RunRecord.NONE, metrics);
      } else {
        training = train(run, random, null, false);
      }
      if (training != null) {
        putTraining(metrics, training);
        if (training.interrupted()) {
          metrics.put("status", "interrupted");
          throw new RunInterruptedException(null, "training interrupted after step " + training.stepsDone());
        }
        if (training.diverged()) {
          throw new IllegalStateException(training.message());
        }
      }
      return new TrainedStage(java.util.Collections.unmodifiableMap(metrics), training);
    } catch (RunInterruptedException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw RunRecord.NONE.failed(metrics, "training", e.getMessage() != null ? e.getMessage()
          : Failures.oneLine(e), e);
    }
  }

  /**
   * What {@link #trainOnly} left: the metrics {@link #run} records up to the end of training (insertion order kept
   * by {@link #sampleTrained}), and the trainer's result (null for phased training or nothing to train).
   */
  public record TrainedStage(Map<String, Object> metrics, TrainResult result) {}

  /**
   * The stages of {@link #run} after training, on a run whose model {@link #trainOnly} trained, writing nothing:
   * {@code run}'s seed and sample keys may differ from those it was trained with. With the training's seed it gives
   * the numbers {@link #run} gives, each stage drawing from its own named stream.
   *
   * @throws RunFailedException when sampling or evaluation fails
   */
  public RunOutcome sampleTrained(AssembledRun run, TrainedStage trained) {
    Map<String, Object> metrics = header(run);
    trained.metrics().forEach(metrics::putIfAbsent);
    String[] stage = {"sampling"};
    try {
      return sampleAndEvaluate(run, new RandomSource(run.seed()), trained.result(), metrics, RunRecord.NONE, stage);
    } catch (RuntimeException | LinkageError e) {
      throw RunRecord.NONE.failed(metrics, stage[0], e.getMessage() != null ? e.getMessage()
          : Failures.oneLine(e), e);
    }
  }

  /** The first keys of every run's metrics: status (running until the end), method, target, provenance. */
  private static Map<String, Object> header(AssembledRun run) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("status", "running");
    metrics.put("method", run.methodName());
    metrics.put("target", run.targetName());
    metrics.put("provenance", run.provenance().json());
    return metrics;
  }

  /** Sampling and evaluation, recorded into {@code metrics} and {@code record}; {@code stage[0]} names the stage. */
  private RunOutcome sampleAndEvaluate(AssembledRun run, RandomSource random, TrainResult training,
      Map<String, Object> metrics, RunRecord record, String[] stage) {
    stage[0] = "sampling";
    long start = System.nanoTime();
    Method.Sample sample = sample(run, random);
    metrics.put("sample_seconds", (System.nanoTime() - start) / 1e9);
    metrics.put("nfe", sample.functionEvaluations());
    metrics.putAll(sample.metrics());
    int[] origins = Evaluation.resample(sample, random);
    record.samples(run, sample, origins);

    stage[0] = "evaluation";
    start = System.nanoTime();
    Evaluated evaluated = evaluateWithReference(run, sample, origins, random);
    metrics.putAll(evaluated.metrics());
    metrics.put("metric_seconds", (System.nanoTime() - start) / 1e9);
    record.scatterPlots(run, sample, origins, evaluated.reference());
    record.gapPlot(run, sample.pair(), evaluated.reference());
    metrics.put("status", "ok");
    record.metrics(metrics);
    return new RunOutcome(metrics, sample, training, evaluated.reference());
  }

  /**
   * The training stage: {@link Trainer} with the run's {@code train.*} settings and the stream {@code train} of
   * {@code root}; the model in {@code run.components()} holds the trained weights afterwards.
   *
   * @param checkpoints where checkpoints go, or null for none
   * @return what training did, or null when the run has nothing to train ({@code train.steps = 0} included); a
   *     result that {@link TrainResult#diverged()} left the last finite weights in the model
   */
  public TrainResult train(AssembledRun run, RandomSource root, Path checkpoints, boolean resume) {
    if (!run.method().trainable(run.components())) {
      return null;
    }
    TrainSettings settings = run.train();
    if (settings.steps() == 0) {
      return null;
    }
    progress.started(ProgressListener.TRAINING, settings.steps(), settings.logEvery());
    try {
      return new Trainer(settings)
          .withProgress((step, total, loss, rate) -> progress.advanced(ProgressListener.TRAINING, step + 1, loss, rate))
          .withStopRequest(stopRequested)
          .train(run.method(), run.components(), root.split("train"), checkpoints, resume);
    } finally {
      progress.finished(ProgressListener.TRAINING);
    }
  }

  /**
   * The sampling stage: {@code sample.n} samples from the stream {@code sample} of {@code root}, every step checked
   * for non-finite values.
   *
   * @throws NonFiniteValueException at the first step whose state is not finite
   */
  public Method.Sample sample(AssembledRun run, RandomSource root) {
    int n = run.run().get(RunSettings.SAMPLE_N);
    long total = run.method().sampleSteps(run.components(), n);
    progress.started(ProgressListener.SAMPLING, total, 0);
    try {
      long[] done = {0};
      long start = System.nanoTime();
      StepObserver observer = new FiniteGuard("sampling").andThen(step -> progress.advanced(
          ProgressListener.SAMPLING, ++done[0], Double.NaN, done[0] / Math.max((System.nanoTime() - start) / 1e9,
              1e-9)));
      return run.method().sample(run.components(), n, root.split("sample"), observer);
    } finally {
      progress.finished(ProgressListener.SAMPLING);
    }
  }

  /**
   * The evaluation stage: the metrics of a sample against what is known of the target (exact log Z, exact or
   * held-out reference samples from the stream {@code reference}, the EUBO from {@code eubo} and
   * {@code eubo-paths}), keyed as in metrics.json.
   */
  public Map<String, Object> evaluate(AssembledRun run, Method.Sample sample, RandomSource root) {
    return evaluateWithReference(run, sample, Evaluation.resample(sample, root), root).metrics();
  }

  /** The evaluation's metrics and the reference samples they were taken against (null where there are none). */
  private record Evaluated(Map<String, Object> metrics, INDArray reference) {}

  private Evaluated evaluateWithReference(AssembledRun run, Method.Sample sample, int[] origins,
      RandomSource random) {
    Map<String, Object> metrics = new LinkedHashMap<>();
    Target target = run.components().target();
    INDArray reference = run.method().referenceSamples(run.components(), run.run().get(RunSettings.REFERENCE_N),
        random.split("reference")).orElse(null);
    INDArray floor = floorReference(run, target, reference, (int) sample.samples().size(0),
        random.split("metric-floor"));
    metrics.putAll(Evaluation.evaluate(target, sample, origins, reference, floor, run.run()));
    if (sample.pair() != null) {
      metrics.putAll(GapReport.evaluate(sample.pair(), reference, floor, run.run()));
    }
    if (target.hasExactSampler()) {
      run.method().logWeightsOnTargetSamples(run.components(), target.sample(run.run().get(RunSettings.METRIC_N),
          random.split("eubo")), random.split("eubo-paths")).ifPresent(lw -> metrics.put("eubo",
          LogZ.eubo(Rows.values(lw))));
    }
    return new Evaluated(metrics, reference);
  }

  /**
   * Training of a method with its own phases: the method drives, {@link HostTraining} trains each phase; the phases'
   * summaries, their histories back to back (loss.png, train_history.csv) and the method's per-iteration
   * convergence series (metrics.json {@code convergence}, convergence.png) are recorded. {@code train_seconds} is
   * the phases' wall time (what {@code train.max-seconds} limits), {@code train_setup_seconds} what the method spent
   * before its first phase.
   *
   * @return what a stop request interrupted (every phase started has its checkpoint), or null
   */
  private String trainInPhases(AssembledRun run, RandomSource random, Path checkpoints, boolean resume,
      RunRecord record, Map<String, Object> metrics) {
    TrainSettings settings = run.train();
    if (!run.method().trainable(run.components()) || settings.steps() == 0) {
      return null;
    }
    PhasedTraining phased = run.method().phasedTraining().orElseThrow();
    int phases = phased.phases(run.components());
    if (checkpoints != null) {
      PhaseCheckpoints.write(run, checkpoints);
    }
    progress.started(ProgressListener.TRAINING, (long) phases * settings.steps(), settings.logEvery());
    HostTraining host = new HostTraining(settings, run.run(), run.components(), random, checkpoints, resume,
        progress, phases, stopRequested);
    try {
      phased.train(run.components(), host, random);
      return null;
    } catch (HostTraining.Stopped e) {
      return e.getMessage();
    } finally {
      progress.finished(ProgressListener.TRAINING);
      metrics.put("train_seconds", host.seconds());
      metrics.put("train_setup_seconds", host.setupSeconds());
      metrics.put("train_steps", host.stepsDone());
      metrics.put("train_phases", host.phases());
      TrainHistory history = host.history();
      metrics.put("train_history", history.toMap());
      record.history(run, history);
      Map<String, Object> convergence = host.convergence();
      metrics.put("convergence", convergence);
      int[] iterations = (int[]) convergence.get("iteration");
      RunDirectory dir = record.directory();
      if (dir != null && iterations.length > 0 && RunRecord.plots(run)) {
        dir.write("convergence.png", out -> ConvergencePlot.write(out, run.methodName() + " on "
            + run.targetName() + ": convergence per iteration", iterations, host.seriesForPlot(iterations)));
      }
    }
  }

  private static void putTraining(Map<String, Object> metrics, TrainResult result) {
    metrics.put("train_seconds", result.seconds());
    metrics.put("train_steps", result.stepsDone());
    TrainHistory history = result.history();
    int tail = Math.max(1, history.steps() / 100);
    metrics.put("train_loss_final", history.steps() == 0 ? Double.NaN : history.loss()[history.steps() - 1]);
    metrics.put("train_loss_tail_mean", history.meanLoss(Math.max(0, history.steps() - tail), history.steps()));
    metrics.put("train_history", history.toMap());
    if (result.diverged()) {
      metrics.put("train_diverged_at", result.divergedAt());
    }
  }

  /**
   * Records a run whose components failed while being created (stage {@code assembly}): {@code run.properties}
   * with the settings as given, {@code metrics.json} saying what failed, the stack trace in {@code error.txt}.
   *
   * @return the exception to throw
   */
  public RunFailedException assemblyFailed(AssemblyFailedException e, RunDirectory dir) {
    return new RunRecord(dir).assemblyFailed(e);
  }

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
}
