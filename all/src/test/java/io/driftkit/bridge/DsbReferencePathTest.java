package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code method.reference} given as a relative path in a config file starts at that file's directory, not at the
 * working directory (as {@code method.data-file} does), and is recorded absolute; a name stays a name.
 */
class DsbReferencePathTest {

  @TempDir
  Path dir;

  private static final String DSB = "method = dsb\ntarget = gaussian\nforward = scaled-bm\nmodel = mlp\n"
      + "model.hidden = 8\n";

  private AssembledRun assemble(Path config) {
    return new RunAssembler(BridgeRuns.REGISTRY).assemble(RunConfig.load(config));
  }

  @Test
  void aRelativeReferenceInAConfigFileStartsAtThatFilesDirectory() throws Exception {
    Path configs = Files.createDirectories(dir.resolve("configs"));
    Files.createDirectories(configs.resolve("sources"));
    Files.writeString(configs.resolve("sources/smc-gaussian.properties"), "method = smc\ntarget = gaussian\n");
    Path config = Files.writeString(configs.resolve("dsb.properties"),
        DSB + "method.reference = sources/smc-gaussian.properties\n");
    // the working directory (the module's) has no sources/ folder: only the config's directory makes this work
    assertThat(Path.of("sources")).doesNotExist();

    AssembledRun run = assemble(config);
    assertThat(run.effective().get("method.reference"))
        .isEqualTo(configs.resolve("sources/smc-gaussian.properties").toAbsolutePath().normalize().toString());

    // a bare file name with an extension is a path too
    Files.writeString(configs.resolve("smc.properties"), "method = smc\ntarget = gaussian\n");
    Path bare = Files.writeString(configs.resolve("bare.properties"), DSB + "method.reference = smc.properties\n");
    assertThat(assemble(bare).effective().get("method.reference"))
        .isEqualTo(configs.resolve("smc.properties").toAbsolutePath().normalize().toString());
  }

  @Test
  void aNameStaysANameAndAMissingFileIsNamedWithItsResolvedPath() throws Exception {
    Path named = Files.writeString(dir.resolve("named.properties"), DSB + "method.reference = smc\n");
    assertThat(assemble(named).effective().get("method.reference")).isEqualTo("smc");

    Path missing = Files.writeString(dir.resolve("missing.properties"), DSB + "method.reference = runs/nothing\n");
    assertThatThrownBy(() -> assemble(missing)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.reference").hasMessageContaining(dir.resolve("runs/nothing").toString());
  }

  @Test
  void onTheCommandLineARelativeReferenceStartsAtTheWorkingDirectory() throws Exception {
    Path config = Files.writeString(dir.resolve("dsb.properties"), DSB);
    RunConfig c = RunConfig.load(config).with(List.of("method.reference=sources/smc.properties"));
    assertThatThrownBy(() -> new RunAssembler(BridgeRuns.REGISTRY).assemble(c)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(Path.of("sources/smc.properties").toAbsolutePath().toString());
  }
}
