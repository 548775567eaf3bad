package io.driftkit.bridge;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.control.ControlPlugin;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import io.driftkit.models.ModelsPlugin;
import io.driftkit.sde.SdeForwardPlugin;
import io.driftkit.targets.TargetsPlugin;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.GaussianMixture;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs pipelines with every plugin the bridge tests use, plus the conditional-posterior test target. */
final class BridgeRuns {

  private BridgeRuns() {}

  static final PluginRegistry REGISTRY = PluginRegistry.of(List.of(new SchrodingerBridgePlugin(), new ModelsPlugin(),
      new SdeForwardPlugin(), new TargetsPlugin(), new ControlPlugin(), new Posterior()));

  static AssembledRun assemble(String... assignments) {
    return new RunAssembler(REGISTRY).assemble(RunConfig.of("test", Map.of()).with(List.of(assignments)));
  }

  static Map<String, Object> run(Path out, String... assignments) {
    return run(out, false, assignments);
  }

  static Map<String, Object> run(Path out, boolean resume, String... assignments) {
    return new Pipeline(new PrintStream(OutputStream.nullOutputStream()))
        .execute(assemble(assignments), RunDirectory.open(out), resume);
  }

  /**
   * {@code test-posterior}: x ~ N(0, 1), y = x + N(0, 1) observed; the unnormalised posterior
   * {@code rho(x) = N(x; 0, 1) N(y; x, 1)} with {@code Z = p(y) = N(y; 0, 2)} and law {@code N(y / 2, 1 / 2)}.
   */
  static final class Posterior extends DriftkitPlugin {
    static final Setting<Double> Y = Setting.real("y", 1.5, "the observation");

    Posterior() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-posterior", new ComponentFactory<Target>() {
        @Override
        public String description() {
          return "posterior of x ~ N(0, 1) given y = x + N(0, 1)";
        }

        @Override
        public List<Setting<?>> settings() {
          return List.of(Y);
        }

        @Override
        public Target create(Settings s, ComponentContext context) {
          return posterior(s.get(Y));
        }
      });
    }

    /** As a mixture target: N(y/2, 1/2) scaled by its evidence p(y). */
    static MixtureTarget posterior(double y) {
      return new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {{y / 2}},
          new double[][][] {{{0.5}}}), logEvidence(y), PlotBox.square(4));
    }

    static double logEvidence(double y) {
      return -0.25 * y * y - 0.5 * Math.log(4 * Math.PI);
    }
  }
}
