package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.IsotropicGaussian;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.PathWeights;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The two chains' coefficients and the path weight, against closed forms and the exact log Z. */
class BridgeChainsTest {

  private static final double S = 0.4;

  /** With u_f = 0 the forward chain is the reference's exact transition: its marginals are alpha^2 S + sigma^2. */
  @Test
  void referenceForwardChainHasTheReferenceMarginalsOnAnyGrid() {
    ForwardProcess vp = TestReferences.vp(0.1, 12, 1);
    ForwardProcess.LinearMarginals lin = vp.linear().orElseThrow();
    BridgeSteps steps = new BridgeSteps(vp, lin, TimeGrid.spaced(TimeGrid.Spacing.QUADRATIC, 0, 1, 7));
    double mean = 1.5;
    double var = S;
    for (int k = 0; k < steps.steps(); k++) {
      mean *= steps.a(k);
      var = steps.a(k) * steps.a(k) * var + steps.v(k);
      double t = steps.time(k + 1);
      assertThat(mean).isCloseTo(1.5 * lin.alpha(t), within(1e-12));
      assertThat(var).isCloseTo(lin.alpha(t) * lin.alpha(t) * S + lin.sigma(t) * lin.sigma(t), within(1e-12));
    }
  }

  /** For an Ornstein–Uhlenbeck reference, c_k = g^2 (1 - e^{-theta h}) / theta in closed form. */
  @Test
  void fieldWeightOfTheExponentialStepIsExact() {
    ForwardProcess ou = TestReferences.ou(1.3, 0.9, 2);
    BridgeSteps steps = new BridgeSteps(ou, ou.linear().orElseThrow(), TimeGrid.spaced(TimeGrid.Spacing.COSINE, 0,
        2, 5));
    for (int k = 0; k < steps.steps(); k++) {
      double h = steps.time(k + 1) - steps.time(k);
      assertThat(steps.c(k)).isCloseTo(0.81 * -Math.expm1(-1.3 * h) / 1.3, within(1e-13));
    }
  }

  /**
   * With u_b the score of the forward chain's marginal, the backward (ancestral) step's mean is E[X_k | X_{k+1}]
   * exactly, at any step size (Tweedie's formula for a Gaussian kernel).
   */
  @Test
  void backwardStepMeanIsTheExactPosteriorMeanGivenTheScore() {
    ForwardProcess vp = TestReferences.vp(0.1, 12, 1);
    ForwardProcess.LinearMarginals lin = vp.linear().orElseThrow();
    BridgeSteps steps = new BridgeSteps(vp, lin, TimeGrid.uniform(0, 1, 4));
    double m0 = 2;
    DriftModel score = new DriftModel() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray evaluate(INDArray x, double t) {
        double a = lin.alpha(t);
        double var = a * a * S + lin.sigma(t) * lin.sigma(t);
        return x.sub(a * m0).divi(-var);
      }

      @Override
      public INDArray evaluate(INDArray x, INDArray t) {
        throw new UnsupportedOperationException();
      }
    };
    BridgeChains chains = new BridgeChains(steps, new IsotropicGaussian(1, 1), target(0));
    INDArray y = Rows.matrix(new double[] {-1, 0.3, 2.5}, 3, 1);
    for (int j = 0; j < steps.steps(); j++) {
      int k = steps.forwardIndex(j);
      double ak = lin.alpha(steps.time(k));
      double varK = ak * ak * S + lin.sigma(steps.time(k)) * lin.sigma(steps.time(k));
      double varNext = steps.a(k) * steps.a(k) * varK + steps.v(k);
      double[] got = Rows.values(chains.backwardMean(score, y, j));
      double[] in = Rows.values(y);
      for (int i = 0; i < 3; i++) {
        double posterior = ak * m0 + steps.a(k) * varK / varNext * (in[i] - steps.a(k) * ak * m0);
        assertThat(got[i]).isCloseTo(posterior, within(1e-12));
      }
    }
  }

  /**
   * E[w] = Z for the discrete chains whatever the fields: with the exact bridge the weights are nearly constant, and
   * with fields off by 30 % they spread but still average to Z. Tolerance: 4 standard deviations of the IS log Z,
   * {@code sqrt((1 / ESS - 1) / n)} by the delta method, plus 0.01 for the O(1/n) bias of a log of a mean.
   */
  @Test
  void pathWeightsAverageToTheNormaliserForExactAndWrongFields() {
    double logZ = 1.7;
    MixtureTarget target = new MixtureTarget(GaussianMixture.of(new double[] {1}, new double[][] {{1, -0.5}},
        new double[][][] {{{0.5, 0.2}, {0.2, 0.3}}}), logZ);
    ForwardProcess ref = TestReferences.ou(0, 1, 1);
    GaussianBridge exact = OracleBridgeModel.bridge(target.mixture().orElseThrow(), ref, 1);
    BridgeSteps steps = new BridgeSteps(ref, ref.linear().orElseThrow(), TimeGrid.uniform(0, 1, 40));
    BridgeChains chains = new BridgeChains(steps, new IsotropicGaussian(2, 1), target);
    OracleBridgeModel back = new OracleBridgeModel(exact, OracleBridgeModel.Direction.BACKWARD);
    OracleBridgeModel fwd = back.withDirection(OracleBridgeModel.Direction.FORWARD);
    int n = 20_000;
    for (double off : new double[] {1, 1.3}) {
      DriftModel b = scaled(back, 1 / off);
      DriftModel f = scaled(fwd, off);
      RandomSource r = new RandomSource(5);
      double[] lw = chains.backward(b, f, chains.prior().sample(n, r.split("prior")), r, true, false,
          StepObserver.NONE).logWeights();
      double ess = PathWeights.normalisedEss(lw);
      double sd = Math.sqrt((1 / ess - 1) / n);
      assertThat(PathWeights.logMeanExp(lw)).as("IS log Z, fields off by %s (ESS %s)", off, ess)
          .isCloseTo(logZ, within(4 * sd + 0.01));
      double elbo = java.util.Arrays.stream(lw).average().orElseThrow();
      assertThat(elbo).isLessThanOrEqualTo(logZ + 4 * sd);
      double[] eubo = chains.logWeightsOnForwardPaths(b, f, target.sample(n, r.split("exact")), r.split("eubo"));
      assertThat(java.util.Arrays.stream(eubo).average().orElseThrow()).isGreaterThanOrEqualTo(logZ - 4 * sd);
      if (off == 1) {
        // measured 0.949: what is left is the 40-step discretisation of the continuous bridge
        assertThat(ess).as("ESS of the exact bridge at K = 40").isGreaterThan(0.9);
      }
    }
  }

  private static DriftModel scaled(DriftModel m, double factor) {
    return new DriftModel() {
      @Override
      public int dim() {
        return m.dim();
      }

      @Override
      public INDArray evaluate(INDArray x, double t) {
        return m.evaluate(x, t).muli(factor);
      }

      @Override
      public INDArray evaluate(INDArray x, INDArray t) {
        return m.evaluate(x, t).muli(factor);
      }
    };
  }

  private static MixtureTarget target(double logZ) {
    return new MixtureTarget(GaussianMixture.isotropic(new double[] {1}, new double[][] {{0}}, new double[] {1}),
        logZ);
  }
}
