package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example config in {@code configs/} and its subfolders assembles: names, keys and values are all valid. */
class ExampleConfigsTest {

  @Test
  void everyExampleConfigAssembles() throws Exception {
    Path dir = Path.of("..", "configs");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".properties") || p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    RunAssembler assembler = new RunAssembler(PluginRegistry.load());
    for (Path f : files) {
      AssembledRun run = assembler.assemble(RunConfig.load(f));
      String name = f.getFileName().toString();
      assertThat(name).as("file name is <method>-<target>").startsWith(run.methodName() + "-" + run.targetName());
    }
  }
}
