package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftkit.control.ControlPlugin;
import io.driftkit.models.ModelsPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import org.nd4j.linalg.factory.Nd4j;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.testing.TestPlugins;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

  @TempDir
  Path dir;

  private final RunAssembler assembler = new RunAssembler(PluginRegistry.of(
      List.of(new ControlPlugin(), new SdeForwardPlugin(), new ModelsPlugin(), new TestPlugins.Targets())));
  private final Pipeline pipeline = new Pipeline(new PrintStream(OutputStream.nullOutputStream()));

  private Map<String, Object> run(Path out, String... assignments) {
    RunConfig c = RunConfig.of("test", Map.of()).with(List.of(assignments));
    return pipeline.execute(assembler.assemble(c), RunDirectory.open(out));
  }

  @Test
  void writesTheRunDirectoryAndRepeatsBitForBitFromRunProperties() throws Exception {
    Path first = dir.resolve("first");
    Map<String, Object> m = run(first, "method=langevin", "method.mala=true", "target=test-gaussian",
        "sample.n=500", "integrator.steps=50", "seed=3");
    assertThat(m).containsEntry("status", "ok").containsKeys("acceptance_rate", "sample_seconds", "mean_error",
        "second_moment_error", "nfe");
    assertThat(first.resolve("run.properties")).exists();
    assertThat(first.resolve("samples.png")).exists();
    assertThat(Files.readAllLines(first.resolve("samples.csv")).get(0)).isEqualTo("x0,x1");
    assertThat(Files.readAllLines(first.resolve("samples.csv"))).hasSize(501);
    Map<?, ?> json = new ObjectMapper().readValue(first.resolve("metrics.json").toFile(), Map.class);
    assertThat(json.get("acceptance_rate")).isInstanceOf(Double.class);
    assertThat(json.get("status")).isEqualTo("ok");

    // sample metrics with their noise floors (a second exact draw); a one-component mixture has mode metrics but
    // no mode entropy; counts are integers
    assertThat(m).containsKeys("mmd2", "mmd2_se", "mmd2_floor", "mmd_bandwidths", "sinkhorn", "sinkhorn_floor",
        "modes", "mode_radius", "on_mode", "modes_covered", "mode_mean_offset2", "mode_mean_offset2_floor",
        "mode_cov_error", "mode_cov_error_floor", "metric_seconds").doesNotContainKeys("mode_entropy",
        "mmd2_resampled");
    assertThat(json.get("modes")).isEqualTo(1);
    assertThat(json.get("modes_covered")).isInstanceOf(Integer.class);

    Path second = dir.resolve("second");
    Map<String, Object> again = pipeline.execute(assembler.assemble(RunConfig.load(first.resolve("run.properties"))),
        RunDirectory.open(second));
    assertThat(Files.readString(second.resolve("samples.csv"))).isEqualTo(Files.readString(first.resolve("samples.csv")));
    // the metrics' parallel sums run in a fixed number of chunks: the same numbers again
    for (String key : List.of("mmd2", "mmd2_se", "mmd2_floor", "sinkhorn", "sinkhorn_floor", "on_mode",
        "mode_cov_error_floor")) {
      assertThat(again.get(key)).as(key).isEqualTo(m.get(key));
    }
  }

  /**
   * A weighted run writes its weights beside its samples (CSV column, .npy), the resampled set, the training history
   * as CSV, and the standard errors of both log Z estimates; train_loss_final is the last step's loss.
   */
  @Test
  void aWeightedRunWritesItsWeightsTheResampledSetAndTheHistory() throws Exception {
    Path out = dir.resolve("weighted");
    Map<String, Object> m = run(out, "method=dis", "target=test-gaussian", "target.mean=0.5", "train.steps=4",
        "train.batch=32", "integrator.steps=10", "sample.n=300", "sample.write-n=200", "seed=2");
    List<String> csv = Files.readAllLines(out.resolve(Pipeline.SAMPLES_CSV));
    assertThat(csv.get(0)).isEqualTo("x0,x1,log_w");
    assertThat(csv).hasSize(201);
    double[] npy = Nd4j.createFromNpyFile(out.resolve(Pipeline.SAMPLES_NPY).toFile()).data().asDouble();
    double[] logW = Nd4j.createFromNpyFile(out.resolve(Pipeline.LOG_WEIGHTS_NPY).toFile()).data().asDouble();
    assertThat(npy).hasSize(400);
    assertThat(logW).hasSize(200);
    for (int i = 0; i < 200; i++) {
      String[] cells = csv.get(i + 1).split(",");
      assertThat(npy[2 * i]).isEqualTo(Double.parseDouble(cells[0]));
      assertThat(npy[2 * i + 1]).isEqualTo(Double.parseDouble(cells[1]));
      assertThat(logW[i]).isEqualTo(Double.parseDouble(cells[2]));
    }
    List<String> resampled = Files.readAllLines(out.resolve(Pipeline.RESAMPLED_CSV));
    assertThat(resampled.get(0)).isEqualTo("x0,x1");
    assertThat(resampled).hasSize(201);
    assertThat(out.resolve(Pipeline.RAW_PLOT)).exists();
    assertThat(m).containsKeys("log_z_is_se", "log_z_elbo_se");
    assertThat((Double) m.get("log_z_is_se")).isPositive();

    List<String> history = Files.readAllLines(out.resolve(Pipeline.HISTORY_CSV));
    assertThat(history.get(0)).isEqualTo("step,loss,lr,grad_norm");
    assertThat(history).hasSize(5);
    assertThat((Double) m.get("train_loss_final")).isEqualTo(Double.parseDouble(history.get(4).split(",")[1]));
  }

  /**
   * A stop request (what Ctrl-C and SIGTERM set) ends training after the current step with a checkpoint and an
   * "interrupted" record naming the resume command; resuming gives exactly the samples of a run never stopped.
   */
  @Test
  void aStopRequestCheckpointsAndTheResumeMatchesAnUninterruptedRun() throws Exception {
    String[] keys = {"method=dis", "target=test-gaussian", "train.steps=6", "train.batch=32", "integrator.steps=10",
        "sample.n=200", "seed=3", "output.plot=false"};
    Path straight = dir.resolve("straight");
    run(straight, keys);
    Path stopped = dir.resolve("stopped");
    int[] asked = {0};
    AssembledRun assembled = assembler.assemble(RunConfig.of("test", Map.of()).with(List.of(keys)));
    Pipeline stopping = new Pipeline(new PrintStream(OutputStream.nullOutputStream()))
        .withStopRequest(() -> ++asked[0] >= 3);
    assertThatThrownBy(() -> stopping.execute(assembled, RunDirectory.open(stopped)))
        .isInstanceOf(RunInterruptedException.class).hasMessageContaining("after step 3")
        .hasMessageContaining("driftkit run --resume " + stopped);
    Map<?, ?> json = new ObjectMapper().readValue(stopped.resolve("metrics.json").toFile(), Map.class);
    assertThat(json.get("status")).isEqualTo("interrupted");
    assertThat(json.get("train_steps")).isEqualTo(3);
    assertThat(stopped.resolve("samples.csv")).doesNotExist();

    pipeline.execute(assembler.assemble(RunConfig.load(stopped.resolve("run.properties"))), RunDirectory.open(stopped),
        true);
    assertThat(Files.readString(stopped.resolve("samples.csv")))
        .isEqualTo(Files.readString(straight.resolve("samples.csv")));
  }

  /**
   * The same seed twice in one JVM gives the same numbers: the first run meets cold code and the second a warm JIT,
   * which compiled the mlp kernel's vector operations (an intrinsic exp differed from the interpreter's in the last
   * bit and made the runs drift apart at 1e-9).
   */
  @Test
  void theSameSeedTwiceInOneJvmGivesTheSameSamples() throws Exception {
    String[] keys = {"method=dis", "target=test-gaussian", "train.steps=6", "train.batch=32", "integrator.steps=10",
        "sample.n=200", "seed=3", "output.plot=false"};
    run(dir.resolve("a"), keys);
    run(dir.resolve("b"), keys);
    assertThat(Files.readString(dir.resolve("b/samples.csv"))).isEqualTo(Files.readString(dir.resolve("a/samples.csv")));
    assertThat(Files.readString(dir.resolve("b/train_history.csv")))
        .isEqualTo(Files.readString(dir.resolve("a/train_history.csv")));
  }

  @Test
  void writeNCapsTheCsvButEverySampleEntersTheMetrics() throws Exception {
    String[] keys = {"method=langevin", "method.mala=true", "target=test-gaussian", "sample.n=500",
        "integrator.steps=20", "seed=4", "output.plot=false"};
    Map<String, Object> all = run(dir.resolve("all"), keys);
    List<String> args = new java.util.ArrayList<>(List.of(keys));
    args.add("sample.write-n=100");
    Map<String, Object> capped = run(dir.resolve("capped"), args.toArray(String[]::new));
    List<String> full = Files.readAllLines(dir.resolve("all").resolve("samples.csv"));
    assertThat(Files.readAllLines(dir.resolve("capped").resolve("samples.csv"))).isEqualTo(full.subList(0, 101));
    assertThat(capped.get("mean_error")).isEqualTo(all.get("mean_error"));
    assertThat(capped.get("second_moment_error")).isEqualTo(all.get("second_moment_error"));
  }

  @Test
  void aNonFiniteTargetValueStopsTheRunNamingStepAndValue() throws Exception {
    Path out = dir.resolve("nan");
    assertThatThrownBy(() -> run(out, "method=langevin", "target=test-nan", "method.init-scale=10",
        "sample.n=50", "integrator.steps=20"))
        .isInstanceOf(RunFailedException.class)
        .hasMessageContaining("sampling produced a non-finite value at step 0")
        .hasMessageContaining("NaN at sample");
    Map<?, ?> json = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
    assertThat(json.get("status")).isEqualTo("failed");
    assertThat(json.get("failed_stage")).isEqualTo("sampling");
    assertThat(out.resolve("run.properties")).exists();
    assertThat(out.resolve("samples.csv")).doesNotExist();
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
