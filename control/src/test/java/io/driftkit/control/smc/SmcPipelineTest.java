package io.driftkit.control.smc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.Spi;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smc} found by ServiceLoader and run through core's pipeline on a target of the targets module. */
class SmcPipelineTest {

  @TempDir
  Path dir;

  private final PluginRegistry registry = PluginRegistry.load();

  private Map<String, Object> run(String... assignments) {
    RunConfig c = RunConfig.of("test", Map.of()).with(List.of(assignments));
    return new Pipeline(new PrintStream(OutputStream.nullOutputStream()))
        .execute(new RunAssembler(registry).assemble(c), RunDirectory.open(dir.resolve("run")));
  }

  @Test
  void smcIsRegisteredAndRunsOnGmmGrid() {
    assertThat(registry.factory(Spi.METHOD, "smc")).isInstanceOf(SmcFactory.class);
    Map<String, Object> m = run("method=smc", "method.temperatures=20", "method.init-scale=5", "target=gmm-grid",
        "sample.n=300", "sample.reference-n=300", "sample.metric-n=300", "output.plot=false", "seed=2");
    assertThat(m).containsEntry("status", "ok").containsKeys("log_z_smc", "acceptance_rate", "resampling_steps",
        "ess_final", "log_z_true").containsEntry("nfe", 1L + 20 * 2);
    // the sample metrics with their floors, and again on the set resampled by the importance weights
    assertThat(m).containsEntry("modes", 9).containsKeys("mmd2", "mmd2_se", "mmd2_floor", "sinkhorn",
        "sinkhorn_floor", "on_mode", "modes_covered", "mode_entropy", "mode_mean_offset2_floor",
        "mode_cov_error_floor", "mmd2_resampled", "mmd2_resampled_se", "sinkhorn_resampled", "on_mode_resampled",
        "modes_covered_resampled", "mode_entropy_resampled", "mean_error_resampled");
  }

  @Test
  void aBadKeyStopsTheRunBeforeItStarts() {
    assertThatThrownBy(() -> run("method=smc", "method.resample-threshold=2", "target=gmm-grid"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("method.resample-threshold");
  }
}
