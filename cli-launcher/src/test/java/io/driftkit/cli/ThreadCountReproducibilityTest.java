package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same config and seed give the same numbers whatever ND4J's thread pool: this JVM runs under
 * {@code OMP_NUM_THREADS=1} (surefire sets it), the command below in a JVM without it, where ND4J keeps a pool of
 * one thread per core that driftkit cannot shrink. Gradient clipping is on from the first step, so the gradient's
 * norm (10,000 and more entries, a reduction ND4J splits over its pool) decides every update; when ND4J computed it,
 * the two runs' log Z differed in the sixth digit after a few hundred steps.
 */
class ThreadCountReproducibilityTest extends CommandLineHarness {

  private static final Map<String, String> KEYS = Map.ofEntries(Map.entry("target", "funnel"),
      Map.entry("model.precision", "float64"), Map.entry("integrator.steps", "10"), Map.entry("train.steps", "4"),
      Map.entry("train.batch", "64"), Map.entry("train.clip", "1e-4"), Map.entry("sample.n", "200"),
      Map.entry("sample.reference-n", "200"), Map.entry("sample.metric-n", "200"),
      Map.entry("sample.sinkhorn-n", "100"), Map.entry("seed", "3"));

  @Test
  void aRunWithoutOmpNumThreadsGivesTheNumbersOfOneWithIt(@TempDir Path dir) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "--set", "method=dis", "--set", "output.plot=false"));
    KEYS.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    List<String> inProcess = new ArrayList<>(args);
    inProcess.addAll(List.of("--out", dir.resolve("here").toString()));
    assertThat(driftkit(inProcess.toArray(String[]::new))).as(err).isZero();

    List<String> command = new ArrayList<>(List.of(
        Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), DriftkitCommand.class.getName()));
    command.addAll(args);
    command.addAll(List.of("--out", dir.resolve("there").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("log.txt").toFile());
    pb.environment().remove("OMP_NUM_THREADS");
    pb.environment().remove("OMP_WAIT_POLICY");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the command finished").isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"), StandardCharsets.UTF_8)).isZero();
    ObjectMapper json = new ObjectMapper();
    Map<?, ?> there = json.readValue(dir.resolve("there/metrics.json").toFile(), Map.class);
    Map<?, ?> here = json.readValue(dir.resolve("here/metrics.json").toFile(), Map.class);

    assertThat(there.get("log_z_is")).isEqualTo(here.get("log_z_is"));
  }
}
