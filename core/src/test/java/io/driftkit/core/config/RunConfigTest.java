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

  @Test
  void yamlListsKeepEveryEntryAndValuesKeepTheirText() throws Exception {
    Path f = Files.writeString(dir.resolve("lists.yaml"), String.join("\n",
        "model: {name: mlp, hidden: [64, 64, 64]}", "loss: {name: dsm, t-min: 1.0e-3}", "other: [8, 32, 64]",
        "train:", "  lr: 5e-3", "  ema: ~", "flag: yes", ""));
    RunConfig c = RunConfig.load(f);
    assertThat(c.values()).containsEntry("model.hidden", "64,64,64").containsEntry("other", "8,32,64")
        .containsEntry("loss.t-min", "1.0e-3").containsEntry("train.lr", "5e-3").containsEntry("train.ema", "")
        .containsEntry("flag", "yes");
  }

  @Test
  void yamlRefusesDuplicateKeysNestedListsAndCommasInEntries() throws Exception {
    Path twice = Files.writeString(dir.resolve("twice.yaml"), "seed: 1\ntarget: funnel\nseed: 2\n");
    assertThatThrownBy(() -> RunConfig.load(twice)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("'seed'").hasMessageContaining("twice").hasMessageContaining("line 3");
    Path nestedTwice = Files.writeString(dir.resolve("nested.yaml"), "train:\n  lr: 1\n  lr: 2\n");
    assertThatThrownBy(() -> RunConfig.load(nestedTwice)).hasMessageContaining("'train.lr'");
    Path listOfMaps = Files.writeString(dir.resolve("maps.yaml"), "model:\n  hidden: [{a: 1}]\n");
    assertThatThrownBy(() -> RunConfig.load(listOfMaps)).hasMessageContaining("'model.hidden'")
        .hasMessageContaining("nested");
    Path comma = Files.writeString(dir.resolve("comma.yaml"), "model:\n  hidden: ['64,64', 3]\n");
    assertThatThrownBy(() -> RunConfig.load(comma)).hasMessageContaining("comma");
    Path scalar = Files.writeString(dir.resolve("scalar.yaml"), "just a string\n");
    assertThatThrownBy(() -> RunConfig.load(scalar)).hasMessageContaining("mapping");
  }

  @Test
  void choosingAnotherMethodStartsFromItsOwnDefaults() {
    RunConfig same = RunConfig.defaults(java.util.List.of("seed=3"));
    assertThat(same.values()).isEqualTo(RunConfig.defaults().values());
    RunConfig other = RunConfig.defaults(java.util.List.of("method=score-sde", "forward=vp"));
    assertThat(other.values()).containsKeys("target", "seed", "sample.n")
        .doesNotContainKeys("forward", "forward.prior-std", "forward.beta-max", "loss", "loss.exploration", "model",
            "integrator", "train.steps", "method");
  }

  @Test
  void unsetRemovesAKeyAndAPluginsOwnKeys() {
    RunConfig c = RunConfig.defaults().without("forward");
    assertThat(c.values()).doesNotContainKeys("forward", "forward.prior-std", "forward.beta-max");
    assertThat(RunConfig.defaults().without("loss.exploration").get("loss")).isNotNull();
    assertThatThrownBy(() -> RunConfig.defaults().without("nothing.here")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("nothing.here");
  }
}
