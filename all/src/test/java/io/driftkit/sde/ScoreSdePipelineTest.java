package io.driftkit.sde;

import io.driftkit.testkit.MixtureTarget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** score-sde through the real run pipeline: assembly by name, training, checkpoints, resume, sampling. */
class ScoreSdePipelineTest {

  /** Registers a four-mode 2-D mixture as target 'test-mixture' (the real targets live in another module). */
  public static final class TestTargetPlugin extends DriftkitPlugin {
    public TestTargetPlugin() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-mixture", new ComponentFactory<Target>() {
        @Override
        public String description() {
          return "four-mode test mixture";
        }

        @Override
        public Target create(Settings settings, ComponentContext context) {
          double[][] means = {{-2, -2}, {-2, 2}, {2, -2}, {2, 2}};
          return new MixtureTarget(GaussianMixture.isotropic(new double[] {1, 1, 1, 1}, means,
              new double[] {0.1, 0.1, 0.1, 0.1}));
        }
      });
    }
  }

  @TempDir
  Path dir;

  private final RunAssembler assembler = new RunAssembler(PluginRegistry.of(
      List.of(new io.driftkit.models.ModelsPlugin(), new io.driftkit.deterministic.DeterministicSamplersPlugin(), new SdeForwardPlugin(), new TestTargetPlugin())));
  private final Pipeline pipeline = new Pipeline(new PrintStream(OutputStream.nullOutputStream()));

  private Map<String, Object> run(Path out, boolean resume, String... assignments) {
    RunConfig c = RunConfig.of("test", Map.of()).with(List.of(assignments));
    return pipeline.execute(assembler.assemble(c), RunDirectory.open(out), resume);
  }

  @Test
  void oracleScoreWithAnOdeIntegratorSamplesWithoutTraining() throws Exception {
    Map<String, Object> m = run(dir.resolve("oracle"), false, "method=score-sde", "target=test-mixture",
        "model=oracle-score", "forward=vp", "integrator=rk45", "train.steps=0", "sample.n=300", "output.plot=false");
    assertThat(m).containsEntry("status", "ok").containsEntry("probability_flow", 1).containsKey("nfe");
    assertThat(Files.readAllLines(dir.resolve("oracle/samples.csv"))).hasSize(301);
  }

  private static final String[] MLP_RUN = {"method=score-sde", "target=test-mixture", "model=mlp",
      "model.hidden=16", "integrator.steps=10", "train.batch=64", "train.checkpoint-every=10", "sample.n=100",
      "sample.reference-n=100", "sample.metric-n=100", "output.plot=false", "seed=5"};

  private String[] mlpRun(String... more) {
    String[] all = java.util.Arrays.copyOf(MLP_RUN, MLP_RUN.length + more.length);
    System.arraycopy(more, 0, all, MLP_RUN.length, more.length);
    return all;
  }

  /**
   * With a constant learning rate and no EMA, step k depends only on k and the optimiser state, so a 20-step run
   * resumed to 30 steps must give exactly the samples of a straight 30-step run.
   */
  @Test
  void resumingAShorterRunEqualsTheLongRun() throws Exception {
    Map<String, Object> straight = run(dir.resolve("straight"), false, mlpRun("train.steps=30"));
    assertThat(straight).containsEntry("status", "ok").containsEntry("train_steps", 30)
        .containsKeys("train_seconds", "train_loss_final", "train_history");
    assertThat(dir.resolve("straight/checkpoint/model.bin")).exists();
    run(dir.resolve("resumed"), false, mlpRun("train.steps=20"));
    // as `driftkit run --resume DIR --set train.steps=30` does: the settings come back from run.properties
    RunConfig saved = RunConfig.load(dir.resolve("resumed/run.properties")).with("train.steps=30");
    pipeline.execute(assembler.assemble(saved), RunDirectory.open(dir.resolve("resumed")), true);
    assertThat(Files.readString(dir.resolve("resumed/samples.csv")))
        .isEqualTo(Files.readString(dir.resolve("straight/samples.csv")));
  }

  @Test
  void configErrorsNameTheKey() {
    assertThatThrownBy(() -> run(dir.resolve("bad"), false, mlpRun("train.steps=5", "train.lr=0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("train.lr");
    assertThatThrownBy(() -> run(dir.resolve("bad2"), false, mlpRun("train.steps=5",
        "method.data-file=" + dir.resolve("missing.csv")))).hasMessageContaining("method.data-file");
  }

  @Test
  void trainsFromADataFileAndMeasuresAgainstItsHeldOutRows() throws Exception {
    StringBuilder csv = new StringBuilder("x0,x1\n");
    var rows = new io.driftkit.api.RandomSource(8).normal(200, 2).muli(0.5).addi(1.0);
    for (int i = 0; i < 200; i++) {
      csv.append(rows.getDouble(i, 0)).append(',').append(rows.getDouble(i, 1)).append('\n');
    }
    Path file = Files.writeString(dir.resolve("data.csv"), csv);
    Map<String, Object> m = run(dir.resolve("csv"), false, mlpRun("train.steps=3", "method.data-file=" + file));
    assertThat(m).containsEntry("status", "ok").containsEntry("train_steps", 3).containsKeys("mmd2", "mmd2_se");
    // held-out rows are fixed data: there is no second independent draw, so no noise floor
    assertThat(m).doesNotContainKeys("mmd2_floor", "sinkhorn_floor");
  }
}
