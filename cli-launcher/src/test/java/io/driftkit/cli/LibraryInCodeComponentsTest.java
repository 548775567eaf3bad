package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.control.ControlPlugin;
import io.driftkit.core.Driftkit;
import io.driftkit.core.SamplingResult;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.targets.TargetsPlugin;
import io.driftkit.toolkit.DriftModels;
import io.driftkit.toolkit.Integrators;
import io.driftkit.toolkit.Targets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Drift models and integrators written as lambdas run in the methods that take them, are checked by those methods
 * as registered ones are, and the answers are those of closed forms.
 */
class LibraryInCodeComponentsTest {

  /**
   * score-sde with the exact score of N(0, I) (which the VP process keeps at every time, so the score is -x) written
   * as a lambda, and Heun's step written as a lambda, carries the prior along the probability-flow ODE onto N(0, I):
   * the second moment per coordinate is 1 within five standard errors sqrt(2 / m) over m values, plus 0.01 for the
   * ODE's discretisation and the flow's t-min.
   */
  @Test
  void anExactScoreAndAnOdeStepWrittenInCodeSampleTheTarget() {
    SamplingResult r = Driftkit.sampler("score-sde").target("gaussian").trainSteps(0).samples(2000).seed(4)
        .model(DriftModels.score(2, (x, t) -> new double[] {-x[0], -x[1]}))
        .integrator(Integrators.ode(40, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) -> {
          INDArray predictor = x.add(b.mul(h));
          return x.add(b.add(dynamics.drift(predictor, t + h)).muli(h / 2));
        })).set("output.plot", false).run();
    assertThat(r.settings()).containsEntry("model", "in-code").containsEntry("integrator", "in-code");
    double[][] rows = r.sampleRows();
    double m2 = 0;
    for (double[] row : rows) {
      m2 += (row[0] * row[0] + row[1] * row[1]) / (2.0 * rows.length);
    }
    assertThat(m2).isCloseTo(1.0, within(5 * Math.sqrt(2.0 / (2 * rows.length)) + 0.01));
    // Heun: two drift evaluations per step, counted through the lambda's own call
    assertThat(r.metric("nfe").orElseThrow()).isEqualTo(80.0);
  }

  /**
   * dis with a zero control written as a lambda and Euler–Maruyama's kernel written as a lambda: untrained, its paths
   * are the reference process's, and its importance weights still estimate log Z of the unit Gaussian shifted to
   * (1, 1), log(2 pi), within five delta-method standard errors plus 0.05 (as for every density method).
   */
  @Test
  void aControlAndAKernelWrittenInCodeWeighPathsForLogZ() {
    SamplingResult r = Driftkit.sampler("dis").seed(5).samples(4000).trainSteps(0)
        .target(Targets.of(2, x -> -0.5 * ((x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1)),
            x -> new double[] {1 - x[0], 1 - x[1]}))
        .model(DriftModels.of(2, (x, t) -> new double[2]))
        .integrator(Integrators.gaussian(20, TimeGrid.Spacing.UNIFORM,
            (dynamics, t, h) -> new Integrator.Kernel(dynamics.linearPart().map(l -> 1 + h * l.rate(t)).orElse(1.0),
                h, Math.pow(dynamics.diffusion(t), 2) * h)))
        .set("output.plot", false).run();
    double se = r.logZImportanceSamplingError().orElseThrow();
    assertThat(r.logZImportanceSampling().orElseThrow()).as("log Z (se %s, ess %s)", se, r.ess().orElseThrow())
        .isCloseTo(Math.log(2 * Math.PI), within(5 * se + 0.05));
  }

  /** The methods check in-code components as they check registered ones. */
  @Test
  void inCodeComponentsAreCheckedAsPluginsAre() {
    var ode = Integrators.ode(10, TimeGrid.Spacing.UNIFORM, (dynamics, x, t, h, b) -> x.add(b.mul(h)));
    assertThatThrownBy(() -> Driftkit.sampler("dis").target("gaussian").trainSteps(0).integrator(ode)
        .model(DriftModels.of(2, (x, t) -> new double[2])).run())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("needs an integrator whose steps are Gaussian kernels");
    assertThatThrownBy(() -> Driftkit.sampler("dis").target("gaussian").trainSteps(0)
        .model(DriftModels.of(3, (x, t) -> new double[3])).run())
        .isInstanceOf(ConfigException.class).hasMessageContaining("in-code model (key 'model') has dimension 3");
    assertThatThrownBy(() -> Driftkit.sampler("score-sde").target("gaussian").trainSteps(0)
        .model(DriftModels.score(2, (x, t) -> x)).set("method.prediction", "eps").run())
        .isInstanceOf(ConfigException.class);
  }

  /** With only the control module's plugins, dis's default forward process is missing, and the error says which
   *  artifact registers it. */
  @Test
  void aMissingPluginNamesTheArtifactToAdd() {
    PluginRegistry controlAndTargets = PluginRegistry.of(List.of(new ControlPlugin(), new TargetsPlugin()));
    assertThatThrownBy(() -> Driftkit.sampler("dis").target("gaussian").plugins(controlAndTargets).run())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown forward 'vp'; known: none - add io.driftkit:driftkit-sde-forward");
  }
}
