package io.driftkit.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.core.testing.TestPlugins;
import io.driftkit.models.ModelsPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import io.driftkit.toolkit.integrate.GaussianStepIntegrator;
import io.driftkit.toolkit.integrate.IntegratorSettings;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run uses every component it names, or refuses it before it starts, naming what would work. */
class HonestRolesTest {

  /** Kernel evaluations of the plugin integrator below, across the JVM. */
  static final AtomicLong KERNEL_CALLS = new AtomicLong();

  /**
   * A third party's Gaussian step: the ancestral mean with 1.3 times its variance. Any Gaussian kernel keeps the
   * control family's weights exact (E[w] = Z), so log Z stays right while the paths differ from the built-in step's.
   */
  public static final class WideAncestral extends GaussianStepIntegrator {
    WideAncestral(int steps, TimeGrid.Spacing spacing) {
      super(steps, spacing);
    }

    @Override
    public Integrator.Kernel kernel(Dynamics dynamics, double t, double h) {
      KERNEL_CALLS.incrementAndGet();
      Dynamics.LinearPart linear = dynamics.linearPart().orElseThrow();
      double g = dynamics.diffusion(t);
      double growth = linear.growth(t, h);
      double q = linear.noiseVariance(t, h);
      return new Integrator.Kernel(growth, q / (growth * g * g), 1.3 * q / (growth * growth));
    }
  }

  /** Registers {@code wide-ancestral}. */
  public static final class WidePlugin extends DriftkitPlugin {
    public WidePlugin() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      integrators().bind("wide-ancestral", IntegratorSettings.fixedGrid("ancestral mean, 1.3 x variance",
          WideAncestral::new));
    }
  }

  @TempDir
  Path dir;

  private final RunAssembler assembler = new RunAssembler(PluginRegistry.of(List.of(new ControlPlugin(),
      new SdeForwardPlugin(), new ModelsPlugin(), new TestPlugins.Targets(), new WidePlugin())));

  private AssembledRun assemble(String... assignments) {
    return assembler.assemble(RunConfig.of("test", Map.of()).with(List.of(assignments)));
  }

  private Map<String, Object> run(Path out, String... assignments) {
    return new Pipeline(new PrintStream(OutputStream.nullOutputStream())).execute(assemble(assignments),
        RunDirectory.open(out));
  }

  @Test
  void disStepsWithAPluginIntegratorAndItsWeightsStayExact() throws Exception {
    String[] keys = {"method=dis", "target=test-gaussian", "target.mean=0.5", "target.variance=0.8",
        "train.steps=0", "integrator.steps=20", "sample.n=4000", "seed=5", "output.plot=false"};
    List<String> wide = new ArrayList<>(List.of(keys));
    wide.add("integrator=wide-ancestral");
    long before = KERNEL_CALLS.get();
    Map<String, Object> m = run(dir.resolve("wide"), wide.toArray(String[]::new));
    assertThat(KERNEL_CALLS.get() - before).as("the plugin's kernel ran").isGreaterThanOrEqualTo(20);
    // the target is normalised: log Z = 0 within the importance-sampling error, sqrt((1/ESS - 1) / n) (delta method)
    double ess = (Double) m.get("ess");
    double se = Math.sqrt((1 / ess - 1) / 4000);
    assertThat(Math.abs((Double) m.get("log_z_is"))).isLessThan(5 * se + 1e-3);
    Map<String, Object> builtIn = run(dir.resolve("ancestral"), keys);
    assertThat(Math.abs((Double) builtIn.get("log_z_is"))).isLessThan(5 * Math.sqrt((1 / (Double) builtIn.get("ess")
        - 1) / 4000) + 1e-3);
    assertThat(Files.readString(dir.resolve("wide/samples.csv")))
        .as("the plugin's steps, not the default's, made the samples")
        .isNotEqualTo(Files.readString(dir.resolve("ancestral/samples.csv")));
  }

  @Test
  void controlMethodsRefuseIntegratorsWithoutGaussianKernels() {
    for (String method : new String[] {"dis", "pis", "dds"}) {
      assertThatThrownBy(() -> assemble("method=" + method, "target=test-gaussian", "integrator=stochastic-heun"))
          .as(method).isInstanceOf(ConfigException.class).hasMessageContaining("'integrator'")
          .hasMessageContaining("euler-maruyama").hasMessageContaining("Gaussian kernels");
    }
    assertThatThrownBy(() -> assemble("method=langevin", "method.mala=true", "target=test-gaussian",
        "integrator=stochastic-heun")).isInstanceOf(ConfigException.class).hasMessageContaining("Gaussian kernels");
    assertThatThrownBy(() -> assemble("method=dds", "target=test-gaussian", "forward=vp"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'forward'");
    assertThatThrownBy(() -> assemble("method=pis", "target=test-gaussian", "integrator=exponential"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("linear part");
  }

  @Test
  void aLossAndAMethodMustShareATrainingContract() {
    assertThatThrownBy(() -> assemble("method=dis", "target=test-gaussian", "loss=dsm", "train.steps=5"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss 'dsm' needs SampleSupport")
        .hasMessageContaining("offers PathSupport");
    assertThatThrownBy(() -> assemble("method=score-sde", "target=test-gaussian", "loss=path-kl", "train.steps=5"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss 'path-kl' needs PathSupport")
        .hasMessageContaining("offers SampleSupport");
  }

  @Test
  void langevinStepsAlongTheIntegratorsGrid() {
    AssembledRun run = assemble("method=langevin", "method.step-size=0.05", "target=test-gaussian",
        "integrator.steps=12", "integrator.grid=cosine");
    List<Double> dts = new ArrayList<>();
    run.method().sample(run.components(), 10, new RandomSource(1), step -> dts.add(step.dt()));
    TimeGrid expected = TimeGrid.spaced(TimeGrid.Spacing.COSINE, 0, 12 * 0.05, 12);
    assertThat(dts).hasSize(12);
    for (int k = 0; k < 12; k++) {
      assertThat(dts.get(k)).isCloseTo(expected.step(k), org.assertj.core.data.Offset.offset(1e-15));
    }
  }
}
