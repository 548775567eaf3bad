package io.driftkit.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {

  @TempDir
  Path dir;

  @Test
  void readsPropertiesAndAppliesOverrides() throws Exception {
    Path f = Files.writeString(dir.resolve("a.properties"), "target = gmm-grid\nmodel.hidden = 64,64\nseed=3\n");
    RunConfig c = RunConfig.load(f).with(java.util.List.of("seed=4", "target.dim = 7"));
    assertThat(c.get("target")).isEqualTo("gmm-grid");
    assertThat(c.get("model.hidden")).isEqualTo("64,64");
    assertThat(c.get("seed")).isEqualTo("4");
    assertThat(c.subset("target.")).containsEntry("dim", "7").hasSize(1);
  }

  @Test
  void readsNestedYamlWithNameAliases() throws Exception {
    Path f = Files.writeString(dir.resolve("a.yaml"),
        "method: langevin\ntarget:\n  name: funnel\n  dim: 10\nsample:\n  n: 100\n");
    RunConfig c = RunConfig.load(f);
    assertThat(c.values()).containsEntry("target", "funnel").containsEntry("target.dim", "10")
        .containsEntry("sample.n", "100").containsEntry("method", "langevin").doesNotContainKey("target.name");
  }

  @Test
  void malformedYamlNamesFileAndLine() throws Exception {
    Path f = Files.writeString(dir.resolve("bad.yaml"), "method: langevin\ntarget: [unclosed\nseed: 1\n");
    assertThatThrownBy(() -> RunConfig.load(f)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml").hasMessageContaining("line 3");
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> RunConfig.load(dir.resolve("nope.properties"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.properties").hasMessageContaining("does not exist");
  }

  @Test
  void aKeyWithNoValueReadsAsEmpty() throws Exception {
    Path f = Files.writeString(dir.resolve("empty.properties"), "target = logreg-ionosphere\ntarget.data =\n");
    assertThat(RunConfig.load(f).get("target.data")).isEmpty();
  }

  @Test
  void writtenRunPropertiesReadBackUnchanged() {
    Map<String, String> values = Map.of("target.data", "", "model.hidden", "64,64",
        "note", "a=b: c", "path", "C:\\runs\\x");
    Path f = RunDirectory.open(dir).writeProperties("run.properties", "header", values);
    assertThat(RunConfig.load(f).values()).isEqualTo(values);
  }

  @Test
  void aKeyGivenTwiceIsAnError() throws Exception {
    Path f = Files.writeString(dir.resolve("twice.properties"), "seed = 1\nseed = 2\n");
    assertThatThrownBy(() -> RunConfig.load(f)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'seed'").hasMessageContaining("2 values");
  }

  @Test
  void overrideWithoutEqualsIsAnError() {
    assertThatThrownBy(() -> RunConfig.defaults().with("seed")).isInstanceOf(ConfigException.class)
        .hasMessage("--set expects key=value, got 'seed'");
  }

  @Test
  void switchingAPluginDropsTheOldPluginsKeys() {
    RunConfig c = RunConfig.defaults().with(java.util.List.of("integrator=rk45", "integrator.rtol=1e-6",
        "method=score-sde"));
    assertThat(c.get("integrator.steps")).isNull();
    assertThat(c.get("integrator.rtol")).isEqualTo("1e-6");
    assertThat(c.subset("method.")).isEmpty();
    // naming the plugin that is already chosen keeps its options
    String defaultSteps = RunConfig.defaults().get("integrator.steps");
    assertThat(defaultSteps).isNotNull();
    String integrator = RunConfig.defaults().get("integrator");
    assertThat(RunConfig.defaults().with("integrator=" + integrator).get("integrator.steps")).isEqualTo(defaultSteps);
  }
}
