package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.Driftkit;
import io.driftkit.core.Sampler;
import io.driftkit.core.SamplingResult;
import io.driftkit.core.run.ProgressListener;
import io.driftkit.core.train.TrainSettings;
import io.driftkit.toolkit.Targets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library facade {@link Driftkit} gives the command line's numbers, and writes and prints nothing of its own. */
class LibraryFacadeTest {

  /** A short dis run on the 3x3 grid mixture: trains, samples with weights, has every kind of metric. */
  private static final Map<String, String> DIS = new LinkedHashMap<>();

  static {
    DIS.put("loss", "log-variance");
    DIS.put("forward", "vp");
    DIS.put("forward.prior-std", "5");
    DIS.put("model", "mlp");
    DIS.put("model.hidden", "16,16");
    // float64: the comparison is of the two entry points, not of the float32 kernel's own determinism in a warm JVM
    // (which drifted at 1e-9 until the kernel's exp was made exact; MlpFloatKernelExpTest covers that)
    DIS.put("model.precision", "float64");
    DIS.put("integrator", "ancestral");
    DIS.put("integrator.steps", "10");
    DIS.put("train.steps", "15");
    DIS.put("train.batch", "64");
    DIS.put("train.lr", "5e-3");
    DIS.put("sample.n", "400");
    DIS.put("sample.reference-n", "400");
    DIS.put("sample.metric-n", "400");
    DIS.put("sample.sinkhorn-n", "200");
  }

  @TempDir
  Path dir;

  @Test
  void theFacadeGivesTheCommandLinesNumbersAndWritesAndPrintsNothing() throws Exception {
    Path config = dir.resolve("run.properties");
    List<String> lines = new ArrayList<>(List.of("method = dis", "target = gmm-grid", "seed = 7"));
    DIS.forEach((k, v) -> lines.add(k + " = " + v));
    Files.write(config, lines);
    Path out = dir.resolve("cli");
    ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
    int code = DriftkitCommand.execute(new String[] {"run", config.toString(), "--out", out.toString()},
        new PrintStream(cliOut, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    assertThat(code).as(cliOut.toString(StandardCharsets.UTF_8)).isZero();
    Map<?, ?> cliMetrics = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);

    String headless = System.getProperty("java.awt.headless");
    Sampler sampler = Driftkit.sampler("dis").target("gmm-grid").seed(7);
    DIS.forEach(sampler::set);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    SamplingResult result;
    try (Stream<Path> before = Files.list(dir)) {
      long entries = before.count();
      System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      try {
        result = sampler.run();
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
      try (Stream<Path> after = Files.list(dir)) {
        assertThat(after.count()).as("files next to the run").isEqualTo(entries);
      }
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed by an in-process run").isEmpty();
    assertThat(System.getProperty("java.awt.headless")).isEqualTo(headless);

    // the samples bit for bit (samples.csv holds each double's shortest exact decimal)
    List<String> csv = Files.readAllLines(out.resolve("samples.csv"));
    String mine = java.util.Arrays.stream(result.sampleRows()).map(row -> java.util.Arrays.stream(row)
        .mapToObj(Double::toString).collect(Collectors.joining(","))).collect(Collectors.joining("\n"));
    assertThat(csv.get(0)).isEqualTo("x0,x1,log_w");
    assertThat(mine).isEqualTo(csv.subList(1, csv.size()).stream().map(l -> l.substring(0, l.lastIndexOf(',')))
        .collect(Collectors.joining("\n")));
    // every metric but the clocks and provenance, as metrics.json holds it
    for (Map.Entry<?, ?> e : cliMetrics.entrySet()) {
      String key = (String) e.getKey();
      if (key.endsWith("_seconds") || key.equals("provenance") || key.equals("train_history")) {
        continue;
      }
      Object value = result.metrics().get(key);
      if (e.getValue() instanceof Number n) {
        assertThat(((Number) value).doubleValue()).as(key).isEqualTo(n.doubleValue());
      } else {
        assertThat(String.valueOf(value)).as(key).isEqualTo(String.valueOf(e.getValue()));
      }
    }
    assertThat(result.logZImportanceSampling().orElseThrow()).isEqualTo(((Number) cliMetrics.get("log_z_is"))
        .doubleValue());
    assertThat(result.logZElbo().orElseThrow()).isEqualTo(((Number) cliMetrics.get("log_z_elbo")).doubleValue());
    assertThat(result.ess().orElseThrow()).isEqualTo(((Number) cliMetrics.get("ess")).doubleValue());
    assertThat(result.logZElboError().orElseThrow()).isPositive();
    assertThat(result.model()).isPresent();
    assertThat(result.training().orElseThrow().stepsDone()).isEqualTo(15);
  }

  @Test
  void typedKeysProgressAndAnOutputDirectoryWhenAskedFor() throws Exception {
    List<String> stages = new ArrayList<>();
    Path out = dir.resolve("out");
    SamplingResult r = Driftkit.sampler("langevin").target("gaussian").set("method.mala", true)
        .set("integrator.steps", 20).samples(300).seed(3).set("output.plot", false)
        .progress((stage, done, loss, rate) -> stages.add(stage)).output(out, false).run();
    assertThat(stages).contains(ProgressListener.SAMPLING);
    assertThat(out.resolve("samples.csv")).exists();
    assertThat(out.resolve("metrics.json")).exists();
    assertThat(r.sampleRows()).hasNumberOfRows(300);
    assertThat(Driftkit.sampler("dis").trainSteps(12).train(TrainSettings.SCHEDULE,
        TrainSettings.LrSchedule.COSINE).set("model.hidden", new int[] {8, 8}).settings())
        .containsEntry("train.steps", "12").containsEntry("train.schedule", "cosine")
        .containsEntry("model.hidden", "8,8");
  }

  @Test
  void badKeysAreRefusedAsInAConfigFile() {
    assertThatThrownBy(() -> Driftkit.sampler("langevin").target("gaussian").set("sample.nn", 3).run())
        .isInstanceOf(ConfigException.class).hasMessageContaining("sample.nn");
    assertThatThrownBy(() -> Driftkit.sampler("langevin").run()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("no target");
    assertThat(Driftkit.target("funnel", Map.of("dim", "5")).dim()).isEqualTo(5);
  }

  /**
   * A target written as two lambdas, -|x|^2 / 2 in two dimensions, has log Z = log(2 pi) exactly. Each method that
   * needs only a density samples it; the ones with importance weights estimate log Z within five of their own
   * delta-method standard errors plus 0.05 (the delta method is itself an estimate from the same weights, and
   * low for heavy-tailed weights).
   */
  @Test
  void aTargetOfTwoLambdasServesEveryDensityMethod() {
    double logZ = Math.log(2 * Math.PI);
    var gaussian = Targets.of(2, x -> -0.5 * (x[0] * x[0] + x[1] * x[1]), x -> new double[] {-x[0], -x[1]});
    for (String method : List.of("dis", "pis", "dds", "smc", "langevin")) {
      Sampler s = Driftkit.sampler(method).target(gaussian).seed(2).samples(500).set("output.plot", false);
      if (!method.equals("smc") && !method.equals("langevin")) {
        s.set("model.hidden", "16,16").set("integrator.steps", 10).trainSteps(30).set("train.batch", 64)
            .set("train.lr", 5e-3);
      }
      SamplingResult r = s.run();
      assertThat(r.sampleRows()).as(method).hasNumberOfRows(500);
      assertThat(r.metrics()).as(method).containsEntry("status", "ok").containsEntry("target", Sampler.IN_CODE_TARGET);
      if (r.logWeights().isPresent()) {
        double se = r.logZImportanceSamplingError().orElseThrow();
        assertThat(r.logZImportanceSampling().orElseThrow()).as(method + " log Z (se %s, ess %s)", se,
            r.ess().orElseThrow()).isCloseTo(logZ, org.assertj.core.api.Assertions.within(5 * se + 0.05));
      }
    }
  }
}
