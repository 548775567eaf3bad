package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.control.ControlPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.testing.TestPlugins;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunAssemblerTest {

  private final RunAssembler assembler = new RunAssembler(PluginRegistry.of(
      List.of(new ControlPlugin(), new SdeForwardPlugin(), new TestPlugins.Targets())));

  private static RunConfig config(String... assignments) {
    return RunConfig.of("test config", Map.of()).with(List.of(assignments));
  }

  @Test
  void recordsEveryKeyWithItsDefault() {
    AssembledRun run = assembler.assemble(config("method=langevin", "target=test-gaussian", "target.dim=3"));
    assertThat(run.effective()).containsEntry("method", "langevin").containsEntry("method.step-size", "0.01")
        .containsEntry("method.mala", "false").containsEntry("target", "test-gaussian")
        .containsEntry("target.dim", "3").containsEntry("target.variance", "1.0")
        .containsEntry("integrator", "euler-maruyama").containsEntry("integrator.steps", "100")
        .containsEntry("seed", "0").containsEntry("sample.n", "10000");
  }

  @Test
  void theEffectiveConfigAssemblesToItself() {
    AssembledRun first = assembler.assemble(config("method=langevin", "target=test-gaussian", "seed=9"));
    AssembledRun again = assembler.assemble(RunConfig.of("again", first.effective()));
    assertThat(again.effective()).isEqualTo(first.effective());
  }

  @Test
  void unknownKeyOfAComponentIsNamedWithTheKnownOnes() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "target.dimm=3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("unknown key 'target.dimm' for target 'test-gaussian'; known keys: target.dim, target.mean,"
            + " target.variance");
  }

  @Test
  void wrongTypeNamesKeyValueAndExpectation() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "target.dim=two")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("invalid value 'two' for key 'target.dim': expected an integer");
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian",
        "target.variance=-1"))).hasMessage("invalid value '-1' for key 'target.variance': expected a number > 0");
  }

  @Test
  void missingRequiredKeysAreNamed() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing required key 'target'");
    assertThatThrownBy(() -> assembler.assemble(config("target=test-gaussian")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing required key 'method'");
  }

  @Test
  void unknownTopLevelKeyAndUnusedRoleAreErrors() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "smaple.n=3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'smaple.n'");
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "model=mlp")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key 'model' is not used by method 'langevin'");
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "sample.m=3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'sample.m'");
  }

  @Test
  void trainingAMethodWithNothingToTrainIsRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=test-gaussian", "train.steps=5")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("train.steps = 5")
        .hasMessageContaining("nothing to train");
    assembler.assemble(config("method=langevin", "target=test-gaussian", "train.steps=0"));
  }

  @Test
  void unknownPluginNameListsKnownNames() {
    assertThatThrownBy(() -> assembler.assemble(config("method=langevin", "target=funel")))
        .isInstanceOf(ConfigException.class).hasMessage("unknown target 'funel'; known: test-gaussian, test-nan");
  }
}
