package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @TempDir
  Path dir;

  @Test
  void runsStartedTogetherGetDistinctDirectories() {
    Set<Path> made = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 16).parallel().forEach(i -> made.add(RunDirectory.createUnique(dir, "dis-gmm-grid").root()));
    assertThat(made).hasSize(16).contains(dir.resolve("dis-gmm-grid"), dir.resolve("dis-gmm-grid-16"));
  }

  @Test
  void aNonEmptyOutIsRefusedUnlessForcedAndThenCleared() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.writeString(out.resolve("metrics.json"), "{}");
    Files.createDirectories(out.resolve("checkpoint"));
    Files.writeString(out.resolve("checkpoint/model.bin"), "x");
    assertThatThrownBy(() -> RunDirectory.createFor(out, false)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(out.toString()).hasMessageContaining("not empty").hasMessageContaining("--force");
    assertThat(out.resolve("metrics.json")).exists();
    RunDirectory.createFor(out, true);
    assertThat(out).isEmptyDirectory();
    assertThat(RunDirectory.createFor(Files.createDirectories(dir.resolve("empty")), false).root()).isDirectory();
  }

  @Test
  void ioProblemsAreConfigErrorsNamingThePath() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertThatThrownBy(() -> RunDirectory.createFor(file, true)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("a-file").hasMessageContaining("is a file");
    assertThatThrownBy(() -> RunDirectory.createFor(file.resolve("below"), false))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cannot create run directory")
        .hasMessageContaining("below");
  }

  @Test
  void nonFiniteNumbersBecomeNullAtAnyDepth() throws Exception {
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("loss", Double.NaN);
    metrics.put("count", 3);
    List<Double> history = new ArrayList<>(List.of(1.0, Double.POSITIVE_INFINITY));
    metrics.put("train_history", Map.of("loss", history, "lr", new double[] {0.1, Double.NaN}));
    Path json = RunDirectory.open(dir).writeJson("metrics.json", metrics);
    String text = Files.readString(json);
    assertThat(text).doesNotContain("NaN", "Infinity").contains("\"count\" : 3");
    Map<?, ?> back = new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
    assertThat(back.get("loss")).isNull();
    assertThat(((Map<?, ?>) back.get("train_history")).get("loss")).isEqualTo(java.util.Arrays.asList(1.0, null));
    assertThat(((Map<?, ?>) back.get("train_history")).get("lr")).isEqualTo(java.util.Arrays.asList(0.1, null));
  }
}
