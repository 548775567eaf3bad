package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.properties and metrics.json say what a run was made with: driftkit's version, the plugins and their jars,
 * the ND4J backend, and the SHA-256 of the data files read, checked against a digest of the shipped file's bytes
 * computed here. The run file still runs again, to the same numbers.
 */
class ProvenanceTest extends CommandLineHarness {

  @TempDir
  Path dir;

  /** The shipped data file in the source tree, not the copy the run reads from the class path. */
  private static final Path IONOSPHERE = Path.of(System.getProperty("user.dir"))
      .resolveSibling("targets/src/main/resources/io/driftkit/targets/data/ionosphere.csv");

  private List<String> run() throws Exception {
    Path config = Files.writeString(dir.resolve("ionosphere.properties"), String.join("\n", "method = langevin",
        "target = logreg-ionosphere", "integrator.steps = 20", "sample.n = 50", "output.plot = false", ""));
    return List.of("run", config.toString());
  }

  @Test
  void aRunRecordsVersionsPluginsBackendAndDataHashesAndItsRunFileRunsAgain() throws Exception {
    Path first = dir.resolve("first");
    assertThat(driftkit(args(run(), "--out", first.toString()))).as(err).isZero();
    Properties p = properties(first);
    assertThat(p.getProperty("provenance.driftkit.version")).isEqualTo(System.getProperty("driftkit.test.version"));
    assertThat(p.getProperty("provenance.nd4j.backend")).isEqualTo("org.nd4j.linalg.cpu.nativecpu.CpuBackend");
    assertThat(p.getProperty("provenance.nd4j.version")).isEqualTo(System.getProperty("driftkit.test.nd4j-version"));
    assertThat(p.getProperty("provenance.plugin.io.driftkit.targets.TargetsPlugin.jar")).isNotBlank();
    assertThat(p.getProperty("provenance.plugin.io.driftkit.control.ControlPlugin.version")).isNotBlank();
    assertThat(p.getProperty("provenance.data.1.file")).endsWith("io/driftkit/targets/data/ionosphere.csv");
    assertThat(p.getProperty("provenance.data.1.sha256")).isEqualTo(sha256(IONOSPHERE));
    assertThat(p.getProperty("provenance.data.2.file")).isNull();

    Map<?, ?> provenance = (Map<?, ?>) metrics(first).get("provenance");
    assertThat(provenance.get("driftkit_version")).isEqualTo(System.getProperty("driftkit.test.version"));
    assertThat((List<?>) provenance.get("data_files")).singleElement()
        .satisfies(f -> assertThat(((Map<?, ?>) f).get("sha256")).isEqualTo(sha256(IONOSPHERE)));
    assertThat(((List<?>) provenance.get("plugins")).stream().map(o -> String.valueOf(((Map<?, ?>) o).get("class"))))
        .contains("io.driftkit.targets.TargetsPlugin", "io.driftkit.control.ControlPlugin");

    // the provenance keys are skipped when the file is read back: the same run, the same numbers
    Path second = dir.resolve("second");
    assertThat(driftkit("run", first.resolve("run.properties").toString(), "--out", second.toString()))
        .as(err).isZero();
    assertThat(Files.readString(second.resolve("samples.csv"))).isEqualTo(Files.readString(first.resolve(
        "samples.csv")));
    assertThat(properties(second)).isEqualTo(p);
  }

  @Test
  void aUserDataFileIsRecordedByPathAndHash() throws Exception {
    // the shipped file without its last row: another file, another hash
    List<String> lines = Files.readAllLines(IONOSPHERE);
    Path data = Files.write(dir.resolve("ionosphere-less.csv"), lines.subList(0, lines.size() - 1));
    Path run = dir.resolve("run");
    assertThat(driftkit(args(run(), "--set", "target.data=" + data, "--out", run.toString()))).as(err).isZero();
    Properties p = properties(run);
    assertThat(p.getProperty("provenance.data.1.file")).isEqualTo(data.toAbsolutePath().toString());
    assertThat(p.getProperty("provenance.data.1.sha256")).isEqualTo(sha256(data)).isNotEqualTo(sha256(IONOSPHERE));
  }

  private static String[] args(List<String> base, String... more) {
    return java.util.stream.Stream.concat(base.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static Properties properties(Path run) throws Exception {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(run.resolve("run.properties"))) {
      p.load(in);
    }
    return p;
  }

  private static Map<?, ?> metrics(Path run) throws Exception {
    return new ObjectMapper().readValue(run.resolve("metrics.json").toFile(), Map.class);
  }
}
