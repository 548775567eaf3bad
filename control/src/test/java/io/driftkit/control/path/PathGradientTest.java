package io.driftkit.control.path;

import io.driftkit.control.testing.Steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Loss;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.control.testing.TestProcesses;
import io.driftkit.control.testing.TinyMlp;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The analytic gradients of both path losses against central finite differences in float64, with a small network
 * whose backward pass is written by hand. The same seed replays the same noise, so the path-KL loss is a smooth
 * function of the parameters; the log-variance loss is differentiated with the paths held fixed, as its gradient is
 * defined.
 */
class PathGradientTest {

  private static final Target TARGET = new MixtureTarget(GaussianMixture.isotropic(new double[] {0.3, 0.7},
      new double[][] {{-1.5, 0.5}, {1.0, -0.5}}, new double[] {0.4, 0.8}), 0.3);

  /** Parameters checked: some of each group (W1, time weights, b1, W2, b2) of the 2-5-2 network's 32. */
  private static final int[] CHECKED = {0, 7, 10, 12, 14, 16, 19, 23, 28, 30, 31};

  static Stream<Arguments> samplers() {
    TimeGrid grid = TimeGrid.uniform(0, 1, 12);
    ForwardProcess vp = TestProcesses.vp(0.1, 10);
    ForwardProcess bm = TestProcesses.constant(0, 1.5, 1, 1);
    ForwardProcess ou = TestProcesses.constant(1.0, Math.sqrt(2.0), 1, 1);
    return Stream.of(
        Arguments.of("dis", new PathSampler(Chains.dis(vp, grid, 2, Steps.ANCESTRAL),
            new ControlForm(Chains.disBase(vp, grid), false, 1, 0, 0), TARGET)),
        Arguments.of("dis-preconditioned", new PathSampler(Chains.dis(vp, grid, 2, Steps.ANCESTRAL),
            new ControlForm(Chains.disBase(vp, grid), true, 1, 0, 0), TARGET)),
        Arguments.of("pis-preconditioned", new PathSampler(Chains.pis(bm, grid, Steps.EULER_MARUYAMA),
            new ControlForm(new double[12], true, 1 / 2.25, 0, 0), TARGET)),
        Arguments.of("dds-clipped", new PathSampler(Chains.dds(ou, grid, 2, Steps.EXPONENTIAL),
            new ControlForm(new double[12], true, 1, 0.4, 3), TARGET)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void pathKlGradientMatchesFiniteDifferences(String name, PathSampler sampler) {
    TinyMlp model = new TinyMlp(2, 5, new RandomSource(1), 0.5);
    INDArray theta = model.parameters();
    Loss.Value value = sampler.pathKl(model, 16, new RandomSource(7));
    double[] analytic = value.gradient().toDoubleVector();
    double eps = 1e-6;
    for (int k : CHECKED) {
      double fd = (pathKl(sampler, model, theta, k, eps) - pathKl(sampler, model, theta, k, -eps)) / (2 * eps);
      assertThat(analytic[k]).as("%s parameter %d", name, k)
          .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(fd))));
    }
  }

  /** On-policy (noise scale 1) and off-policy (paths from a chain with 1.7 times the noise). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samplers")
  void logVarianceGradientMatchesFiniteDifferencesOnFixedPaths(String name, PathSampler sampler) {
    for (double noiseScale : new double[] {1, 1.7}) {
      checkLogVarianceGradient(name + " noise x" + noiseScale, sampler, noiseScale);
    }
  }

  private static void checkLogVarianceGradient(String name, PathSampler sampler, double noiseScale) {
    TinyMlp model = new TinyMlp(2, 5, new RandomSource(2), 0.5);
    INDArray theta = model.parameters();
    double[] analytic = sampler.logVariance(model, 16, new RandomSource(9), noiseScale).gradient()
        .toDoubleVector();
    PathSampler.Paths paths = sampler.simulate(model, 16, new RandomSource(9), true, StepObserver.NONE,
        noiseScale);
    // the weights accumulated while simulating equal the ones recomputed from the kept states and residuals
    double[] recomputed = sampler.logWeightsOnPaths(model, paths);
    for (int i = 0; i < recomputed.length; i++) {
      assertThat(recomputed[i]).isCloseTo(paths.logWeights()[i], org.assertj.core.data.Offset.offset(1e-9));
    }
    double eps = 1e-6;
    for (int k : CHECKED) {
      double fd = (variance(sampler, model, paths, theta, k, eps) - variance(sampler, model, paths, theta, k, -eps))
          / (2 * eps);
      assertThat(analytic[k]).as("%s parameter %d", name, k)
          .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(fd))));
    }
    model.setParameters(theta);
  }

  private static double pathKl(PathSampler sampler, TinyMlp model, INDArray theta, int k, double eps) {
    INDArray shifted = theta.dup();
    shifted.putScalar(k, theta.getDouble(k) + eps);
    model.setParameters(shifted);
    double loss = sampler.pathKl(model, 16, new RandomSource(7)).loss();
    model.setParameters(theta);
    return loss;
  }

  private static double variance(PathSampler sampler, TinyMlp model, PathSampler.Paths paths, INDArray theta,
      int k, double eps) {
    INDArray shifted = theta.dup();
    shifted.putScalar(k, theta.getDouble(k) + eps);
    model.setParameters(shifted);
    double[] lw = sampler.logWeightsOnPaths(model, paths);
    model.setParameters(theta);
    return PathSampler.Moments.of(lw).variance();
  }
}
