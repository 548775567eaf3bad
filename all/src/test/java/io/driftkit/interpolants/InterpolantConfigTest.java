package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Interpolant;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to method 'interpolant' is refused before anything runs, naming the key, file or value. */
class InterpolantConfigTest {

  /** A third party's interpolant that forgets to bring a(t) to 0 at t = 1. */
  public static final class BrokenInterpolantPlugin extends DriftkitPlugin {
    public BrokenInterpolantPlugin() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      interpolants().bind("half-way", new ComponentFactory<Interpolant>() {
        @Override
        public String description() {
          return "x_t = (1 - t/2) x0 + t x1: a(1) = 1/2";
        }

        @Override
        public Interpolant create(Settings settings, ComponentContext context) {
          return new Interpolant() {
            @Override
            public double a(double t) {
              return 1 - t / 2;
            }

            @Override
            public double b(double t) {
              return t;
            }

            @Override
            public double aDot(double t) {
              return -0.5;
            }

            @Override
            public double bDot(double t) {
              return 1;
            }

            @Override
            public double gamma(double t) {
              return 0;
            }

            @Override
            public double gammaGammaDot(double t) {
              return 0;
            }
          };
        }
      });
    }
  }

  @TempDir
  Path dir;

  static final RunAssembler ASSEMBLER;

  static {
    List<DriftkitPlugin> plugins = new ArrayList<>();
    ServiceLoader.load(DriftkitPlugin.class).forEach(plugins::add);
    plugins.add(new BrokenInterpolantPlugin());
    ASSEMBLER = new RunAssembler(PluginRegistry.of(plugins));
  }

  static AssembledRun assemble(String... assignments) {
    List<String> all = new ArrayList<>(List.of("method=interpolant", "target=gmm-grid"));
    all.addAll(List.of(assignments));
    return ASSEMBLER.assemble(RunConfig.of("test", Map.of()).with(all));
  }

  static void refused(String expected, String... assignments) {
    assertThatThrownBy(() -> assemble(assignments)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void defaultsAssembleAndAModelOfTwoFieldsIsBuiltForTheTwoFieldLoss() {
    AssembledRun run = assemble();
    assertThat(run.components().model().dim()).isEqualTo(4);
    assertThat(run.effective()).containsEntry("interpolant", "linear").containsEntry("loss", "velocity-score")
        .containsEntry("integrator", "heun").containsEntry("method.rho0", "normal");
    assertThat(assemble("loss=velocity").components().model().dim()).isEqualTo(2);
  }

  @Test
  void endsOfDifferentDimensionAreRefused() {
    refused("different dimensions", "method.rho0=gaussian", "method.rho0-settings=dim=3");
    refused("method.rho0", "method.rho0=no-such-target");
    refused("method.rho0-settings", "method.rho0-settings=dim=3");
  }

  @Test
  void aThirdPartyInterpolantBreakingItsBoundaryConditionsIsRefusedAtLoad() {
    refused("boundary condition a(1) = 0", "interpolant=half-way");
    refused("key 'interpolant'", "interpolant=half-way");
  }

  @Test
  void epsilonMustBeFiniteAndNonNegativeAndMatchTheIntegrator() {
    refused("method.epsilon", "method.epsilon=-0.5", "integrator=euler-maruyama");
    refused("method.epsilon", "method.epsilon=NaN", "integrator=euler-maruyama");
    refused("method.epsilon", "method.epsilon=Infinity", "integrator=euler-maruyama");
    refused("is an ODE integrator", "method.epsilon=1", "integrator=heun");
    refused("is an SDE integrator", "integrator=euler-maruyama");
  }

  @Test
  void badDataFilesAreRefusedNamingTheFileAndKey() throws Exception {
    Path nan = Files.writeString(dir.resolve("nan.csv"), "x0,x1\n" + "1,2\n".repeat(20) + "NaN,1\n");
    refused("not finite", "method.rho0=" + nan);
    refused("method.rho0", "method.rho0=" + nan);
    Path few = Files.writeString(dir.resolve("few.csv"), "x0,x1\n1,2\n3,4\n");
    refused("has 2 rows", "method.rho1=" + few);
    Path header = Files.writeString(dir.resolve("header.csv"), "a,b\n" + "1,2\n".repeat(20));
    refused("header 'a,b'", "method.rho0=" + header);
    Path wide = Files.writeString(dir.resolve("wide.csv"), "x0,x1,x2\n" + "1,2,3\n".repeat(20));
    refused("3 columns", "method.rho0=" + wide);
    refused("does not exist", "method.rho0=" + dir.resolve("missing.csv"));
  }

  @Test
  void endsMustFitTheInterpolantAndTheModel() {
    refused("must be normal", "interpolant=one-sided", "method.rho0=blob");
    refused("mirror", "interpolant=mirror");
    refused("needs Gaussian-mixture ends", "model=oracle-interpolant", "train.steps=0", "method.rho0=two-moons");
    refused("noise scale", "interpolant.gamma=zero", "method.rho0=blob");
    refused("do not give the velocity", "loss=score", "method.rho0=blob");
    refused("give no score", "loss=velocity", "method.rho0=blob", "method.epsilon=1", "integrator=euler-maruyama");
    refused("velocity-score", "loss=velocity", "method.rho0=blob", "method.epsilon=1", "integrator=euler-maruyama");
    refused("generates method.rho1", "method.rho1=blob");
    refused("loss velocity, score, denoiser or velocity-score (key 'loss')", "loss=dsm");
  }

  /** With a Gaussian x0 one field gives the other, so a velocity-only model may run the SDE. */
  @Test
  void aGaussianStartLetsOneFieldGiveTheOther() {
    assertThat(assemble("loss=velocity", "method.epsilon=1", "integrator=euler-maruyama").method()).isNotNull();
    assertThat(assemble("loss=denoiser").method()).isNotNull();
    assertThat(assemble("interpolant=one-sided", "loss=score", "method.epsilon=0.5", "integrator=euler-maruyama")
        .method()).isNotNull();
    refused("b(t) > 0", "interpolant=encoder-decoder", "loss=score");
  }

  /** Methods that need a density refuse the data-only targets, naming them. */
  @Test
  void dataOnlyTargetsAreRefusedWhereADensityIsNeeded() {
    for (String method : new String[] {"dis", "pis", "dds", "smc", "langevin"}) {
      assertThatThrownBy(() -> ASSEMBLER.assemble(RunConfig.of("test", Map.of()).with(List.of("method=" + method,
          "target=two-moons")))).as(method).isInstanceOf(ConfigException.class).hasMessageContaining("two-moons")
          .hasMessageContaining("data-only");
    }
    assertThat(assemble("target=swiss-roll", "method.rho1=target").method()).isNotNull();
  }
}
