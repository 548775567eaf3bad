package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftkit.control.ControlPlugin;
import io.driftkit.sde.SdeForwardPlugin;
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
      List.of(new ControlPlugin(), new SdeForwardPlugin(), new TestPlugins.Targets())));
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
