package io.driftkit.core.run;

import io.driftkit.api.Components;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.TrainingHost;
import io.driftkit.api.TrainingSupport;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.Settings;
import io.driftkit.core.metrics.LogZ;
import io.driftkit.core.metrics.Mmd;
import io.driftkit.core.metrics.Moments;
import io.driftkit.core.metrics.Sinkhorn;
import io.driftkit.core.train.TrainHistory;
import io.driftkit.core.train.TrainResult;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.core.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The host's side of phased training ({@link io.driftkit.api.PhasedTraining}): each phase is one {@link Trainer}
 * run with the run's {@code train.*} settings, its own random stream ({@code "phase-" + name}) and its own
 * checkpoint directory, so a resumed run skips completed phases and continues an interrupted one exactly. A
 * {@code train.max-seconds} budget is shared out: each phase gets what is left divided by the phases left. The
 * budget's clock starts with the first phase: what the method prepares before it (e.g. a particle pool drawn from
 * another sampler) is timed apart ({@link #setupSeconds()}).
 *
 * <p>A stop request (Ctrl-C, SIGTERM) is passed to every phase's trainer: the phase checkpoints after its current
 * step and {@link #train} throws {@link Stopped}, which ends the method's loop; a request that arrives between
 * phases stops before the next one starts.
 */
final class HostTraining implements TrainingHost {

  private static final Pattern PHASE_NAME = Pattern.compile("[A-Za-z0-9-]+");

  private final TrainSettings settings;
  private final Settings run;
  private final Components components;
  private final RandomSource random;
  private final Path checkpoints;
  private final boolean resume;
  private final ProgressListener progress;
  private final int planned;
  private final BooleanSupplier stopRequested;
  private final long created = System.nanoTime();
  /** When the first phase started (the budget's clock), or -1 before it. */
  private long began = -1;
  private final Set<String> names = new HashSet<>();
  private final List<Map<String, Object>> phases = new ArrayList<>();
  private final List<TrainHistory> histories = new ArrayList<>();
  private final Map<String, TreeMap<Integer, Double>> series = new LinkedHashMap<>();
  private int stepsDone;

  HostTraining(TrainSettings settings, Settings run, Components components, RandomSource random, Path checkpoints,
      boolean resume, ProgressListener progress, int planned, BooleanSupplier stopRequested) {
    this.settings = settings;
    this.run = run;
    this.components = components;
    this.random = random;
    this.checkpoints = checkpoints;
    this.resume = resume;
    this.progress = progress;
    this.planned = Math.max(1, planned);
    this.stopRequested = stopRequested;
  }

  /** Thrown by {@link #train} when a stop request ended (or came before) a phase; its checkpoint is written. */
  static final class Stopped extends RuntimeException {
    Stopped(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public Phase train(String phase, LearnableDriftModel model, Loss loss, TrainingSupport support) {
    if (!PHASE_NAME.matcher(phase).matches() || !names.add(phase)) {
      throw new IllegalArgumentException("phase name '" + phase + "' must be new and made of letters, digits and '-'");
    }
    if (began < 0) {
      began = System.nanoTime();
    }
    if (stopRequested.getAsBoolean()) {
      throw new Stopped("training stopped before phase " + phase + " (" + stepsDone + " steps done)");
    }
    double budget = 0;
    if (settings.maxSeconds() > 0) {
      double left = settings.maxSeconds() - (System.nanoTime() - began) / 1e9;
      // a spent budget still calls the trainer (it restores a completed phase on resume) but allows no step
      budget = Math.max(left, 1e-9) / Math.max(1, planned - phases.size());
    }
    long offset = (long) phases.size() * settings.steps(); // the phases share one training stage
    Trainer trainer = new Trainer(settings).withProgress((step, total, value, rate) ->
        progress.advanced(ProgressListener.TRAINING, offset + step + 1, value, rate)).withStopRequest(stopRequested);
    TrainResult result = trainer.train(model, loss, support, components, random.split("phase-" + phase),
        checkpoints == null ? null : checkpoints.resolve(phase), resume, budget);
    stepsDone += result.stepsDone();
    TrainHistory history = result.history();
    histories.add(history);
    int tail = Math.max(1, history.steps() / 100);
    double last = history.steps() == 0 ? Double.NaN
        : history.meanLoss(Math.max(0, history.steps() - tail), history.steps());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("phase", phase);
    summary.put("steps", result.stepsDone());
    summary.put("loss", finite(last));
    summary.put("seconds", result.seconds());
    if (result.diverged()) {
      summary.put("diverged_at", result.divergedAt());
    }
    phases.add(summary);
    if (result.interrupted()) {
      throw new Stopped("training interrupted in phase " + phase + " after its step " + result.stepsDone() + " ("
          + stepsDone + " steps done)");
    }
    return new Phase(phase, result.stepsDone(), last, result.seconds(), result.divergedAt(), result.message());
  }

  @Override
  public void record(int iteration, String name, double value) {
    series.computeIfAbsent(name, k -> new TreeMap<>()).put(iteration, value);
  }

  @Override
  public void compare(int iteration, String name, INDArray samples, INDArray reference) {
    int cap = run.get(RunSettings.METRIC_N);
    INDArray ref = Evaluation.head(reference, cap);
    // the signed MMD^2 with the run's multi-scale kernel, as the final sample metrics report it
    record(iteration, name + "_mmd2", Mmd.estimate(Evaluation.head(samples, cap), ref, Mmd.Kernel.multiScale(ref))
        .value());
    int sinkhornN = run.get(RunSettings.SINKHORN_N);
    if (sinkhornN > 0) {
      INDArray[] std = Sinkhorn.standardise(Evaluation.head(samples, sinkhornN), Evaluation.head(reference,
          sinkhornN));
      double s;
      try {
        s = Sinkhorn.divergence(std[0], std[1], run.get(RunSettings.SINKHORN_EPS));
      } catch (IllegalStateException e) {
        s = Double.NaN; // did not converge: recorded as missing rather than ending the training
      }
      record(iteration, name + "_sinkhorn", s);
    }
    record(iteration, name + "_mean_error", Moments.sumError(samples, Moments.meanOfSum(reference)));
    record(iteration, name + "_second_moment_error", Moments.sumOfSquaresError(samples,
        Moments.meanOfSumOfSquares(reference)));
  }

  @Override
  public void recordLogWeights(int iteration, String name, double[] logWeights) {
    record(iteration, name + "_elbo", LogZ.elbo(logWeights));
    record(iteration, name + "_log_z_is", LogZ.importanceSampling(logWeights));
    record(iteration, name + "_ess", LogZ.normalisedEss(logWeights));
  }

  @Override
  public void log(String message) {
    progress.message(message);
  }

  int stepsDone() {
    return stepsDone;
  }

  /** Wall time from the first phase's start (0 if none started): what {@code train.max-seconds} limits. */
  double seconds() {
    return began < 0 ? 0 : (System.nanoTime() - began) / 1e9;
  }

  /** Wall time the method spent before its first phase (all of it if no phase started). */
  double setupSeconds() {
    return ((began < 0 ? System.nanoTime() : began) - created) / 1e9;
  }

  List<Map<String, Object>> phases() {
    return phases;
  }

  /** Every phase's history back to back. */
  TrainHistory history() {
    int n = histories.stream().mapToInt(TrainHistory::steps).sum();
    double[] loss = new double[n];
    double[] lr = new double[n];
    double[] norm = new double[n];
    int at = 0;
    for (TrainHistory h : histories) {
      System.arraycopy(h.loss(), 0, loss, at, h.steps());
      System.arraycopy(h.learningRate(), 0, lr, at, h.steps());
      System.arraycopy(h.gradientNorm(), 0, norm, at, h.steps());
      at += h.steps();
    }
    return new TrainHistory(loss, lr, norm);
  }

  /**
   * The recorded series, aligned on {@code iteration} (every iteration any series has): a missing or non-finite
   * value is null, as JSON has no NaN.
   */
  Map<String, Object> convergence() {
    TreeSet<Integer> iterations = new TreeSet<>();
    series.values().forEach(s -> iterations.addAll(s.keySet()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("iteration", iterations.stream().mapToInt(Integer::intValue).toArray());
    series.forEach((name, values) -> out.put(name, iterations.stream().map(i -> finite(values.get(i))).toArray(
        Double[]::new)));
    return out;
  }

  /** The recorded series as arrays over {@link #convergence()}'s iterations (NaN where missing), for the plot. */
  Map<String, double[]> seriesForPlot(int[] iterations) {
    Map<String, double[]> out = new LinkedHashMap<>();
    series.forEach((name, values) -> {
      double[] v = new double[iterations.length];
      for (int i = 0; i < v.length; i++) {
        Double x = values.get(iterations[i]);
        v[i] = x == null ? Double.NaN : x;
      }
      out.put(name, v);
    });
    return out;
  }

  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }
}
