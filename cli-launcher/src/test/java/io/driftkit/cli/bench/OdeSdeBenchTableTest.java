package io.driftkit.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.RunAssembler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OdeSdeBenchTableTest {

  @Test
  void rowsAreMeanAndSampleSdOverSeedsAndAMissingMetricIsNotAZero() {
    Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
    rows.put("blob|0.1", List.of(Map.of("ode_sde_w2", 0.1, "fp_residual_ms", 2.0),
        Map.of("ode_sde_w2", 0.3, "fp_residual_ms", 4.0)));
    String table = BenchOdeSdeCommand.table(rows, List.of("blob-lambda1.0-seed2: diverged"));
    // residual: mean 3, sd sqrt(2) = 1.4; W2: mean 0.2, sd sqrt(0.02) = 0.14; floors were not reported: nan
    assertThat(table).contains("| blob | 0.1 | 2 | 3.00 ± 1.4 | 0.200 ± 0.14 | NaN ± NaN |")
        .contains("- blob-lambda1.0-seed2: diverged");
  }

  @Test
  void everyDataSetsCellAssembles() {
    RunAssembler assembler = new RunAssembler(PluginRegistry.load());
    for (Map.Entry<String, List<String>> set : BenchOdeSdeCommand.DATA_SETS.entrySet()) {
      List<String> cfg = new ArrayList<>(BenchOdeSdeCommand.BASE);
      cfg.addAll(set.getValue());
      cfg.add("loss.lambda=0.1");
      assertThatCode(() -> assembler.assemble(RunConfig.of(set.getKey(), Map.of()).with(cfg)))
          .as(set.getKey()).doesNotThrowAnyException();
    }
  }
}
