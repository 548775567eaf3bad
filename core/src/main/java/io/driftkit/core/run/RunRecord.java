package io.driftkit.core.run;

import io.driftkit.api.Method;
import io.driftkit.api.PlotBox;
import io.driftkit.core.metrics.Resampling;
import io.driftkit.core.plot.Plots;
import io.driftkit.core.train.TrainHistory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a run leaves in its {@link RunDirectory}: run.properties, the samples (CSV, .npy, log weights, the resampled
 * set), metrics.json, train_history.csv, the plots, and for a failed run error.txt. {@link #NONE} records nothing, for a run without an output directory.
 */
class RunRecord {

  static final String ERROR_FILE = "error.txt";

  /** Writes nothing; a failure is only thrown. */
  static final RunRecord NONE = new RunRecord(null);

  private final RunDirectory dir;

  RunRecord(RunDirectory dir) {
    this.dir = dir;
  }

  void started(AssembledRun run) {
    if (dir == null) {
      return;
    }
    Map<String, String> properties = new TreeMap<>(run.effective());
    properties.putAll(run.provenance().properties());
    dir.writeProperties("run.properties", "driftkit run: every setting with its effective value.\n"
        + "Run this file again to repeat the run exactly (the provenance.* keys record how it was made and are"
        + " not read back).", properties);
  }

  static final String SAMPLES_CSV = "samples.csv";
  static final String SAMPLES_NPY = "samples.npy";
  static final String LOG_WEIGHTS_NPY = "log_w.npy";
  static final String RESAMPLED_CSV = "samples_resampled.csv";
  static final String RAW_PLOT = "samples_raw.png";
  static final String HISTORY_CSV = "train_history.csv";
  static final String RESUME_FAILED_FILE = "resume-failed.json";

  /** train_history.csv, and loss.png where plots are on. */
  void history(AssembledRun run, TrainHistory history) {
    if (dir == null) {
      return;
    }
    dir.write(HISTORY_CSV, out -> out.write(history.toCsv().getBytes(StandardCharsets.UTF_8)));
    if (history.steps() > 0 && plots(run)) {
      dir.write("loss.png", out -> Plots.lossCurve(history, out, lossTitle(run)));
    }
  }

  /**
   * Writes the first {@code sample.write-n} samples (all for 0) as CSV and .npy, their log weights beside them
   * where the method has weights, and then the resampled set as well, so a user never has to correct an
   * unweighted cloud by hand.
   */
  void samples(AssembledRun run, Method.Sample sample, int[] origins) {
    if (dir == null) {
      return;
    }
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

  /** samples.png: the resampled set where there are weights (and the raw cloud in samples_raw.png), else the sample. */
  void scatterPlots(AssembledRun run, Method.Sample sample, int[] origins, INDArray reference) {
    if (dir == null || !plots(run)) {
      return;
    }
    String title = run.methodName() + " on " + run.targetName();
    PlotBox box = run.components().target().plotBox();
    if (origins == null) {
      dir.write("samples.png", out -> Plots.scatter(out, title, sample.samples(), reference, box));
    } else {
      // the weights say what the sample is worth: the resampled set is the picture, the raw cloud a second one
      INDArray resampled = Resampling.rows(sample.samples(), origins);
      dir.write("samples.png", out -> Plots.scatter(out, title + ", resampled by its weights", resampled,
          reference, box));
      dir.write(RAW_PLOT, out -> Plots.scatter(out, title + ", raw (unweighted)", sample.samples(), reference, box));
    }
  }

  /** The loss's name in the plot's title, and what it is where that is the negative ELBO. */
  static String lossTitle(AssembledRun run) {
    String loss = run.effective().get("loss");
    if (loss == null) {
      return "training loss";
    }
    return "training loss: " + loss + (loss.equals("path-kl") ? " (= -ELBO, so the ELBO is this curve upside down)"
        : "");
  }

  /** gap.png: the reverse SDE's and the probability-flow ODE's samples side by side over the reference. */
  void gapPlot(AssembledRun run, Method.SamplerPair pair, INDArray reference) {
    if (dir == null || pair == null || !plots(run)) {
      return;
    }
    dir.write("gap.png", out -> Plots.scatterPair(out, run.methodName() + ": reverse SDE", pair.sde(),
        "probability-flow ODE", pair.ode(), reference, run.components().target().plotBox()));
  }

  /** The directory the record writes into, or null. */
  RunDirectory directory() {
    return dir;
  }

  /** {@code output.plot}, where the plotting library is on the class path (the command line always has it). */
  static boolean plots(AssembledRun run) {
    return run.run().get(RunSettings.PLOT) && Plots.available();
  }

  void metrics(Map<String, Object> metrics) {
    if (dir != null) {
      dir.writeJson("metrics.json", metrics);
    }
  }

  /** Writes metrics.json (status failed, the stage, the error) and error.txt (the stack trace). */
  RunFailedException failed(Map<String, Object> metrics, String stage, String error, Throwable e) {
    if (dir != null) {
      putFailure(metrics, stage, error);
      writeTrace(e);
      dir.writeJson("metrics.json", metrics);
    }
    return new RunFailedException(dir == null ? null : dir.root(), stage, "run failed during " + stage + ": "
        + error, e);
  }

  /** A resume that failed: resume-failed.json and error.txt, the run's own metrics.json and run.properties kept. */
  RunFailedException resumeFailed(Map<String, Object> metrics, String stage, String error, Throwable e) {
    putFailure(metrics, stage, error);
    dir.writeJson(RESUME_FAILED_FILE, metrics);
    writeTrace(e);
    return new RunFailedException(dir.root(), stage, "resumed run failed during " + stage + ": " + error
        + " (the run's own files are unchanged; see " + RESUME_FAILED_FILE + ")", e);
  }

  private static void putFailure(Map<String, Object> metrics, String stage, String error) {
    metrics.put("status", "failed");
    metrics.put("failed_stage", stage);
    metrics.put("error", error);
  }

  private void writeTrace(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    dir.write(ERROR_FILE, out -> out.write(trace.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Records a run whose components failed while being created: run.properties with the settings as given (a
   * resumed run keeps its own), metrics.json saying what failed, error.txt.
   */
  RunFailedException assemblyFailed(AssemblyFailedException e) {
    if (dir != null && !Files.exists(dir.resolve("run.properties"))) {
      dir.writeProperties("run.properties", "driftkit run: the settings as given; the run failed while its"
          + " components were being created (see metrics.json, error.txt).", e.config().values());
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("method", e.methodName());
    metrics.put("target", e.targetName());
    return failed(metrics, "assembly", e.getMessage(), e);
  }
}
