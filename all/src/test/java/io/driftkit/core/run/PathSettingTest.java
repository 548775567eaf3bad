package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.control.ControlPlugin;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.testing.TestPlugins;
import io.driftkit.models.ModelsPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A relative path in a config file starts at that file's directory, and the run records it absolute. */
class PathSettingTest {

  @TempDir
  Path dir;

  private final RunAssembler assembler = new RunAssembler(PluginRegistry.of(List.of(new ControlPlugin(),
      new SdeForwardPlugin(), new ModelsPlugin(), new TestPlugins.Targets())));

  @Test
  void relativeDataFilesResolveAgainstTheirConfigFile() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project/data"));
    Files.writeString(project.resolve("points.csv"), "x0,x1\n0.1,0.2\n0.3,-0.4\n1,2\n-1,0.5\n0,0\n");
    Path config = Files.writeString(dir.resolve("project/run.properties"), String.join("\n",
        "method = score-sde", "method.data-file = data/points.csv", "target = test-gaussian", "train.steps = 0",
        "model = zero", ""));
    AssembledRun run = assembler.assemble(RunConfig.load(config));
    String recorded = run.effective().get("method.data-file");
    assertThat(Path.of(recorded)).isAbsolute().isEqualTo(project.resolve("points.csv").toAbsolutePath().normalize());
    // the recorded run file works from anywhere, and a --set path starts at the working directory
    Path copy = Files.createDirectories(dir.resolve("elsewhere")).resolve("run.properties");
    Files.writeString(copy, Files.readString(config).replace("data/points.csv", recorded));
    assertThat(assembler.assemble(RunConfig.load(copy)).effective().get("method.data-file")).isEqualTo(recorded);
    // (no such file in the working directory: the error names where it looked)
    assertThatThrownBy(() -> assembler.assemble(RunConfig.load(config).with("method.data-file=data/points.csv")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(Path.of("data/points.csv").toAbsolutePath().normalize().toString());
  }
}
