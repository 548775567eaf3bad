package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.core.run.RunInterruptedException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dsb through the host: the closed-form bridge's weights, IPF converging to it, the report, resume. */
class DsbPipelineTest {

  @TempDir
  Path dir;

  private static final String[] GAUSSIAN = {"method=dsb", "target=gaussian", "target.mean=1.5,-1",
      "target.covariance=0.5,0.3,0.3,0.8", "forward=scaled-bm", "forward.horizon=1", "method.prior-std=1", "seed=2"};

  private static String[] with(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new);
  }

  /**
   * With the exact bridge as both fields (no training), every path's weight is nearly constant and the importance
   * estimate is log Z within Monte Carlo error: tolerance 4 sd of the IS estimate, sqrt((1/ESS - 1)/n), + 0.01 for
   * the bias of a log of a mean.
   */
  @Test
  void closedFormBridgeGivesTheExactLogZWithHighEss() {
    Map<String, Object> m = BridgeRuns.run(dir.resolve("oracle"), with(GAUSSIAN, "model=oracle-bridge",
        "train.steps=0", "method.steps=30", "sample.n=4000", "sample.sinkhorn-n=0", "sample.metric-n=500",
        "output.plot=false"));
    double ess = (Double) m.get("ess");
    double sd = Math.sqrt((1 / ess - 1) / 4000);
    assertThat((Double) m.get("log_z_is")).isCloseTo((Double) m.get("log_z_true"), within(4 * sd + 0.01));
    assertThat(ess).isGreaterThan(0.9);
    assertThat((Double) m.get("log_z_elbo")).isLessThan((Double) m.get("log_z_true") + 4 * sd);
    assertThat((Double) m.get("eubo")).isGreaterThan((Double) m.get("log_z_true") - 4 * sd);
  }

  /**
   * IPF with mlp drifts, from the plain denoising-diffusion sampler (iteration 1) towards the Schrödinger bridge:
   * after 3 iterations the marginal covariance at t = 1/2 is within 10 % of the closed form (relative Frobenius
   * norm; the Monte Carlo error of 2000 report paths is about 3 %, the K = 30 discretisation of the exact bridge
   * leaves its ESS at 0.9), the weights' ESS and the data end improved on iteration 1, and the report is written.
   */
  @Test
  void ipfWithMlpDriftsReachesTheClosedFormCovarianceAtHalfTime() throws Exception {
    Path out = dir.resolve("ipf");
    Map<String, Object> m = BridgeRuns.run(out, with(GAUSSIAN, "model=mlp", "model.hidden=32,32",
        "model.time-features=4", "model.max-frequency=8", "method.steps=30", "method.iterations=3",
        "method.cache-paths=300", "method.cache-refresh=50", "method.report-n=2000", "train.steps=120",
        "train.batch=128", "train.lr=5e-3", "sample.n=2000", "sample.sinkhorn-n=300", "sample.metric-n=500"));
    Map<?, ?> json = new ObjectMapper().readValue(out.resolve("metrics.json").toFile(), Map.class);
    Map<?, ?> convergence = (Map<?, ?>) json.get("convergence");
    List<?> cov = (List<?>) convergence.get("oracle_cov_error");
    List<?> sinkhorn = (List<?>) convergence.get("data_end_sinkhorn");
    List<?> ess = (List<?>) convergence.get("weights_ess");
    System.out.println("ipf convergence " + convergence + "\nphases " + json.get("train_phases") + " train " + json.get("train_seconds") + " sample " + json.get("sample_seconds"));
    assertThat(convergence.get("iteration")).isEqualTo(List.of(1, 2, 3));
    assertThat(((Number) cov.get(2)).doubleValue()).isLessThan(0.1);
    assertThat(((Number) sinkhorn.get(2)).doubleValue()).isLessThan(((Number) sinkhorn.get(0)).doubleValue());
    assertThat(((Number) ess.get(2)).doubleValue()).isGreaterThan(((Number) ess.get(0)).doubleValue());
    assertThat(m).containsEntry("ipf_iterations", 3).containsKeys("train_phases", "log_z_is", "eubo");
    assertThat(out.resolve("convergence.png")).exists();
    assertThat(out.resolve("loss.png")).exists();
  }

  /**
   * A resumed run restores completed phases and retrains a missing one with the same numbers; a resume with
   * another config is refused before anything is written.
   */
  @Test
  void resumeRestoresPhasesExactlyAndRefusesAnotherConfig() throws Exception {
    String[] keys = with(GAUSSIAN, "model=mlp", "model.hidden=8", "method.steps=3", "method.iterations=2",
        "method.cache-paths=20", "method.cache-refresh=3", "method.report-n=0", "train.steps=6", "train.batch=16",
        "sample.n=100", "sample.sinkhorn-n=0", "sample.metric-n=100", "sample.reference-n=100",
        "output.plot=false");
    Path out = dir.resolve("resume");
    BridgeRuns.run(out, keys);
    String samples = Files.readString(out.resolve("samples.csv"));
    delete(out.resolve("checkpoint").resolve("ipf-2-backward"));
    Map<String, Object> resumed = BridgeRuns.run(out, true, keys);
    assertThat(Files.readString(out.resolve("samples.csv"))).isEqualTo(samples);
    assertThat(resumed).containsEntry("status", "ok");

    String before = Files.readString(out.resolve("run.properties"));
    assertThatThrownBy(() -> BridgeRuns.run(out, true, with(keys, "method.iterations=3")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("belong to another config")
        .hasMessageContaining("method.iterations");
    assertThat(Files.readString(out.resolve("run.properties"))).isEqualTo(before);
  }

  /**
   * A stop request (what Ctrl-C and SIGTERM set) ends dsb's phased training after the optimiser step during which it
   * came, inside the current phase: that phase and every earlier one keep their checkpoints, metrics.json says
   * "interrupted" with the resume command and the steps done, and no samples are written; the resume continues the
   * interrupted phase and gives exactly the samples of a run never stopped. A request that comes between two
   * phases stops before the next one starts. (The host asks once before each phase and after every step but a
   * phase's last; with 6 steps per phase, ask 8 is after step 1 of phase 2, ask 7 just before it.)
   */
  @Test
  void aStopRequestEndsPhasedTrainingBetweenStepsAndTheResumeMatchesAnUninterruptedRun() throws Exception {
    String[] keys = with(GAUSSIAN, "model=mlp", "model.hidden=8", "method.steps=3", "method.iterations=2",
        "method.cache-paths=20", "method.cache-refresh=4", "method.report-n=0", "train.steps=6", "train.batch=16",
        "sample.n=100", "sample.sinkhorn-n=0", "sample.metric-n=100", "sample.reference-n=100",
        "output.plot=false");
    Path straight = dir.resolve("straight");
    BridgeRuns.run(straight, keys);

    Path stopped = dir.resolve("stopped");
    assertThatThrownBy(() -> stopping(8).execute(BridgeRuns.assemble(keys), RunDirectory.open(stopped)))
        .isInstanceOf(RunInterruptedException.class)
        .hasMessageContaining("interrupted in phase ipf-2-forward after its step 1 (7 steps done)")
        .hasMessageContaining("driftkit run --resume " + stopped);
    Map<?, ?> json = new ObjectMapper().readValue(stopped.resolve("metrics.json").toFile(), Map.class);
    assertThat(json.get("status")).isEqualTo("interrupted");
    assertThat(json.get("train_steps")).isEqualTo(7);
    assertThat(json.get("resume_with")).isEqualTo("driftkit run --resume " + stopped);
    assertThat(stopped.resolve("checkpoint/ipf-1-backward/trainer-state.bin")).exists();
    assertThat(stopped.resolve("checkpoint/ipf-2-forward/trainer-state.bin")).exists();
    assertThat(stopped.resolve("checkpoint/ipf-2-backward")).doesNotExist();
    assertThat(stopped.resolve("samples.csv")).doesNotExist();

    Map<String, Object> resumed = BridgeRuns.run(stopped, true, keys);
    assertThat(resumed).containsEntry("status", "ok");
    assertThat(Files.readString(stopped.resolve("samples.csv")))
        .isEqualTo(Files.readString(straight.resolve("samples.csv")));

    Path between = dir.resolve("between");
    assertThatThrownBy(() -> stopping(7).execute(BridgeRuns.assemble(keys), RunDirectory.open(between)))
        .isInstanceOf(RunInterruptedException.class)
        .hasMessageContaining("stopped before phase ipf-2-forward (6 steps done)");
    assertThat(between.resolve("checkpoint/ipf-2-forward")).doesNotExist();
  }

  /** A pipeline whose stop request turns true at its {@code ask}-th question. */
  private static Pipeline stopping(int ask) {
    int[] asked = {0};
    return new Pipeline(new PrintStream(OutputStream.nullOutputStream())).withStopRequest(() -> ++asked[0] >= ask);
  }

  private static void delete(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
      for (Path q : all) {
        Files.delete(q);
      }
    }
  }
}
