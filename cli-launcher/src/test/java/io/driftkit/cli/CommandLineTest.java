package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest extends CommandLineHarness {

  @TempDir
  Path dir;

  @Test
  void theDefaultPipelineWritesACompleteRunDirectory() throws Exception {
    Path run = dir.resolve("default");
    assertThat(driftkit("run", "--out", run.toString())).as(err).isZero();
    assertThat(out).contains("status", "ok", "log_z_is", "ess", "mmd2", "mmd2_floor", "sinkhorn_floor", "on_mode",
        "modes_covered", "mode_entropy", "mode_cov_error_floor");
    for (String f : new String[] {"run.properties", "metrics.json", "samples.csv", "samples.npy", "log_w.npy",
        "samples_resampled.csv", "samples.png", "samples_raw.png", "loss.png", "train_history.csv"}) {
      assertThat(run.resolve(f)).as(f).isNotEmptyFile();
    }
    Map<?, ?> metrics = new ObjectMapper().readValue(run.resolve("metrics.json").toFile(), Map.class);
    assertThat(metrics.get("status")).isEqualTo("ok");
    assertThat(metrics.get("sample_seconds")).isInstanceOf(Double.class);
    assertThat(Files.readAllLines(run.resolve("samples.csv")).get(0)).isEqualTo("x0,x1,log_w");
    // the summary names every file the run wrote
    assertThat(out).contains("written to " + run + " (checkpoint/, log_w.npy, loss.png, metrics.json, run.properties,"
        + " samples.csv, samples.npy, samples.png, samples_raw.png, samples_resampled.csv, train_history.csv)");
    assertThat(Files.readString(run.resolve("run.properties"))).contains("method = dis", "loss = log-variance",
        "target = gmm-grid", "seed = 1");
    assertThat(run.resolve("checkpoint")).isDirectory();
  }

  @Test
  void pluginsListsEveryRegisteredNameGroupedBySpi() {
    assertThat(driftkit("plugins")).isZero();
    assertThat(out).contains("target:", "gmm-grid", "targets", "method:", "langevin", "integrator:",
        "euler-maruyama");
  }

  @Test
  void describeShowsSettingsWithDefaults() {
    assertThat(driftkit("describe", "method", "langevin")).isZero();
    assertThat(out).contains("method.step-size = 0.01", "method.mala = false", "roles: integrator");
  }

  @Test
  void usageErrorsExitWithTwoAndAClearMessage() throws Exception {
    assertThat(driftkit("run", "--set", "target=funel", "--out", dir.resolve("x").toString())).isEqualTo(2);
    assertThat(err).contains("unknown target 'funel'; known: ", "gaussian", "gmm-grid");
    assertThat(dir.resolve("x")).doesNotExist();

    assertThat(driftkit("run", dir.resolve("missing.properties").toString())).isEqualTo(2);
    assertThat(err).contains("missing.properties", "does not exist");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "method: langevin\n  target: [\n");
    assertThat(driftkit("run", bad.toString())).isEqualTo(2);
    assertThat(err).contains("bad.yaml", "line");

    assertThat(driftkit("describe", "targt", "gmm-grid")).isEqualTo(2);
    assertThat(err).contains("unknown SPI 'targt'");

    assertThat(driftkit("run", "--bogus")).isEqualTo(2);
  }

  @Test
  void everyCommandAnswersHelpAndANakedDriftkitIsAUsageError() {
    for (String[] args : new String[][] {{"run", "--help"}, {"target", "--help"}, {"target", "sample", "--help"},
        {"bench", "--help"}, {"bench", "control", "--help"}, {"describe", "-h"}, {"help", "run"}}) {
      assertThat(driftkit(args)).as(String.join(" ", args)).isZero();
      assertThat(out).as(String.join(" ", args)).contains("Usage: driftkit");
    }
    assertThat(driftkit()).isEqualTo(2);
    assertThat(err).contains("a command is needed", "Usage: driftkit");
  }

  @Test
  void describeListsTheTrainAndRunKeys() {
    assertThat(driftkit("describe", "train")).isZero();
    assertThat(out).contains("train.lr-decay", "train.lr-final", "train.log-every", "train.adam-beta1");
    assertThat(driftkit("describe", "run")).isZero();
    assertThat(out).contains("seed = 0", "sample.n = 10000", "output.plot = true");
    assertThat(driftkit("describe", "target")).isEqualTo(2);
    assertThat(err).contains("needs a NAME");
  }
}
