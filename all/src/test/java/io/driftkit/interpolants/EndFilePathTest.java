package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.run.AssembledRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code method.rho0} / {@code method.rho1} given as a relative CSV path in a config file start at that file's
 * directory, not at the working directory, and are recorded absolute; a target name stays a name.
 */
class EndFilePathTest {

  @TempDir
  Path dir;

  @Test
  void aRelativeEndFileInAConfigFileStartsAtThatFilesDirectory() throws Exception {
    Path configs = Files.createDirectories(dir.resolve("configs"));
    Files.createDirectories(configs.resolve("data"));
    StringBuilder rows = new StringBuilder("x0,x1\n");
    for (int i = 0; i < 50; i++) {
      rows.append(i % 7 - 3).append(',').append(i % 5 - 2).append('\n');
    }
    Files.writeString(configs.resolve("data/x0.csv"), rows);
    Files.writeString(configs.resolve("x1.csv"), rows);
    Path config = Files.writeString(configs.resolve("interpolant.properties"),
        "method = interpolant\ntarget = gmm-grid\nmethod.rho0 = data/x0.csv\n");
    // the working directory (the module's) has no data/x0.csv: only the config's directory makes this work
    assertThat(Path.of("data/x0.csv")).doesNotExist();

    AssembledRun run = InterpolantConfigTest.ASSEMBLER.assemble(RunConfig.load(config));
    assertThat(run.effective().get("method.rho0"))
        .isEqualTo(configs.resolve("data/x0.csv").toAbsolutePath().normalize().toString());
    assertThat(run.effective().get("method.rho1")).isEqualTo("target");

    Path generating = Files.writeString(configs.resolve("to-file.properties"),
        "method = interpolant\ntarget = gmm-grid\nmethod.rho0 = gmm-grid\nmethod.rho1 = x1.csv\n");
    AssembledRun toFile = InterpolantConfigTest.ASSEMBLER.assemble(RunConfig.load(generating));
    assertThat(toFile.effective().get("method.rho1"))
        .isEqualTo(configs.resolve("x1.csv").toAbsolutePath().normalize().toString());
    assertThat(toFile.effective().get("method.rho0")).isEqualTo("gmm-grid");
  }
}
