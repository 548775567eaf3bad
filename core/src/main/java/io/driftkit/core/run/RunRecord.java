package io.driftkit.core.run;

import io.driftkit.api.Method;
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
 * What a run leaves in its {@link RunDirectory}: run.properties, samples.csv, metrics.json, the plots, and for a
 * failed run error.txt. {@link #NONE} records nothing, for a run without an output directory.
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

  void lossCurve(AssembledRun run, TrainHistory history) {
    if (dir != null && history.steps() > 0 && plots(run)) {
      dir.write("loss.png", out -> Plots.lossCurve(history, out));
    }
  }

  void samples(AssembledRun run, Method.Sample sample) {
    if (dir != null) {
      int written = run.run().get(RunSettings.WRITE_N);
      dir.writeSamples("samples.csv", written == 0 ? sample.samples() : Evaluation.head(sample.samples(), written));
    }
  }

  void scatterPlot(AssembledRun run, Method.Sample sample, INDArray reference) {
    if (dir != null && plots(run)) {
      dir.write("samples.png", out -> Plots.scatter(out, run.methodName() + " on " + run.targetName(),
          sample.samples(), reference, run.components().target().plotBox()));
    }
  }

  /** {@code output.plot}, where the plotting library is on the class path (the command line always has it). */
  private static boolean plots(AssembledRun run) {
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
      metrics.put("status", "failed");
      metrics.put("failed_stage", stage);
      metrics.put("error", error);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      dir.write(ERROR_FILE, out -> out.write(trace.toString().getBytes(StandardCharsets.UTF_8)));
      dir.writeJson("metrics.json", metrics);
    }
    return new RunFailedException(dir == null ? null : dir.root(), stage, "run failed during " + stage + ": "
        + error, e);
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
