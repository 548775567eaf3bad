package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.util.stream.Stream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form Gaussian bridge against what defines it: its ends, the entropic coupling's characterisation, the
 * identity linking its two fields to the marginal score, and simulation of its own SDEs (Euler–Maruyama, fine grid)
 * in both directions.
 */
class GaussianBridgeTest {

  /** 1-D Brownian (sigma 0.5), 2-D Brownian (sigma 2), 3-D Ornstein–Uhlenbeck and 2-D VP with full covariances. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("1-D Brownian, sigma 0.5", TestReferences.ou(0, 0.5, 1), new double[] {1.5},
            new double[][] {{0.5}}, new double[] {0}, new double[][] {{1}}),
        Arguments.of("2-D Brownian, sigma 2", TestReferences.ou(0, 2, 1), new double[] {1, -2},
            new double[][] {{0.5, 0.3}, {0.3, 1.2}}, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}),
        Arguments.of("3-D OU", TestReferences.ou(1, Math.sqrt(2), 0.7), new double[] {2, 0, -1},
            new double[][] {{0.3, 0.1, 0}, {0.1, 2, -0.4}, {0, -0.4, 0.8}}, new double[] {0, 0, 0},
            new double[][] {{1.5, 0, 0}, {0, 1.5, 0}, {0, 0, 1.5}}),
        Arguments.of("2-D VP", TestReferences.vp(0.1, 8, 0.5), new double[] {0.5, 1},
            new double[][] {{0.2, -0.05}, {-0.05, 0.1}}, new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}));
  }

  private static GaussianBridge bridge(ForwardProcess ref, double[] m0, double[][] s0, double[] m1, double[][] s1) {
    return new GaussianBridge(ref.linear().orElseThrow(), ref.horizon(), m0, s0, m1, s1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsAreTheGivenGaussians(String name, ForwardProcess ref, double[] m0, double[][] s0, double[] m1,
      double[][] s1) {
    GaussianBridge b = bridge(ref, m0, s0, m1, s1);
    assertClose(b.mean(0), m0, 1e-12);
    assertClose(b.covariance(0), s0, 1e-12);
    assertClose(b.mean(ref.horizon()), m1, 1e-12);
    assertClose(b.covariance(ref.horizon()), s1, 1e-10);
  }

  /**
   * The static bridge is the entropic transport between N(A m0, A^2 S0) and N(m1, S1) with regularisation V: its
   * density is proportional to a(y) b(x) exp(y . x / V), so the joint precision's off-diagonal block is -I / V.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void couplingIsTheEntropicTransportPlan(String name, ForwardProcess ref, double[] m0, double[][] s0,
      double[] m1, double[][] s1) {
    GaussianBridge b = bridge(ref, m0, s0, m1, s1);
    ForwardProcess.LinearMarginals lin = ref.linear().orElseThrow();
    double a = lin.alpha(ref.horizon());
    double v = lin.sigma(ref.horizon()) * lin.sigma(ref.horizon());
    int d = m0.length;
    RealMatrix joint = MatrixUtils.createRealMatrix(2 * d, 2 * d);
    RealMatrix c = MatrixUtils.createRealMatrix(b.crossCovariance());
    joint.setSubMatrix(MatrixUtils.createRealMatrix(s0).scalarMultiply(a * a).getData(), 0, 0);
    joint.setSubMatrix(c.scalarMultiply(a).getData(), 0, d);
    joint.setSubMatrix(c.transpose().scalarMultiply(a).getData(), d, 0);
    joint.setSubMatrix(s1, d, d);
    RealMatrix precision = MatrixUtils.inverse(joint);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(precision.getEntry(i, d + j)).as("precision[%d][%d]", i, d + j)
            .isCloseTo(i == j ? -1 / v : 0, within(1e-9 / v));
      }
    }
  }

  /** REFERENCES.md §5 (Brownian reference on [0, 1]) written out independently of the general linear case. */
  @Test
  void brownianCaseIsTheFormulaOfReferencesSectionFive() {
    double s = 0.8;
    double[][] s0 = {{0.5, 0.3}, {0.3, 1.2}};
    double[][] s1 = {{2, -0.5}, {-0.5, 1}};
    GaussianBridge b = bridge(TestReferences.ou(0, s, 1), new double[] {1, 0}, s0, new double[] {0, 1}, s1);
    RealMatrix a = MatrixUtils.createRealMatrix(s0);
    RealMatrix bb = MatrixUtils.createRealMatrix(s1);
    RealMatrix aHalf = GaussianBridge.sqrt(a);
    RealMatrix id = MatrixUtils.createRealIdentityMatrix(2);
    RealMatrix dd = GaussianBridge.sqrt(aHalf.multiply(bb).multiply(aHalf).scalarMultiply(4)
        .add(id.scalarMultiply(Math.pow(s, 4))));
    RealMatrix c = aHalf.multiply(dd).multiply(MatrixUtils.inverse(aHalf)).subtract(id.scalarMultiply(s * s))
        .scalarMultiply(0.5);
    for (double t : new double[] {0.1, 0.5, 0.83}) {
      RealMatrix expected = a.scalarMultiply((1 - t) * (1 - t)).add(bb.scalarMultiply(t * t))
          .add(c.add(c.transpose()).scalarMultiply(t * (1 - t))).add(id.scalarMultiply(s * s * t * (1 - t)));
      assertClose(b.covariance(t), expected.getData(), 1e-12);
      assertClose(b.mean(t), new double[] {1 - t, t}, 1e-12);
    }
  }

  /** u_f and u_b come from the two ends' conditional means; their sum must be the marginal score. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fieldsAddUpToTheMarginalScore(String name, ForwardProcess ref, double[] m0, double[][] s0, double[] m1,
      double[][] s1) {
    GaussianBridge b = bridge(ref, m0, s0, m1, s1);
    int d = m0.length;
    INDArray x = new RandomSource(3).normal(50, d).muli(2);
    for (double u : new double[] {0.05, 0.3, 0.6, 0.95}) {
      double t = u * ref.horizon();
      RealMatrix precision = MatrixUtils.inverse(MatrixUtils.createRealMatrix(b.covariance(t)));
      double[] mu = b.mean(t);
      double[] sum = Rows.values(b.forwardField(x, t).addi(b.backwardField(x, t)));
      double[] v = Rows.values(x);
      for (int r = 0; r < 50; r++) {
        double[] centred = new double[d];
        for (int i = 0; i < d; i++) {
          centred[i] = v[r * d + i] - mu[i];
        }
        double[] score = precision.operate(centred);
        for (int i = 0; i < d; i++) {
          assertThat(sum[r * d + i]).isCloseTo(-score[i], within(1e-8 * (1 + Math.abs(score[i]))));
        }
      }
    }
  }

  /**
   * Euler–Maruyama simulation of the bridge's forward SDE from N(m0, S0) and of its backward SDE from N(m1, S1)
   * (200 steps, 10000 paths) reproduces the closed-form marginals over the three quarters of the horizon next to
   * each start (together covering it twice). Tolerance per entry: 5 Monte Carlo standard deviations (sd of a mean
   * sqrt(Sigma_ii / n), of a covariance sqrt((Sigma_ii Sigma_jj + Sigma_ij^2) / n)) plus the scheme's own bias,
   * which for these affine drifts is computed exactly by propagating Euler–Maruyama's mean and covariance.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void marginalsMatchEulerMaruyamaSimulationOfItsOwnSdes(String name, ForwardProcess ref, double[] m0,
      double[][] s0, double[] m1, double[][] s1) {
    GaussianBridge b = bridge(ref, m0, s0, m1, s1);
    int steps = 200;
    int n = 10_000;
    double horizon = ref.horizon();
    ForwardProcess.LinearMarginals lin = ref.linear().orElseThrow();
    RandomSource random = new RandomSource(11);
    for (boolean forward : new boolean[] {true, false}) {
      INDArray x = sample(forward ? m0 : m1, forward ? s0 : s1, n, random.split("start-" + forward));
      RealMatrix[] moments = {MatrixUtils.createColumnRealMatrix(forward ? m0 : m1),
          MatrixUtils.createRealMatrix(forward ? s0 : s1)};
      RandomSource noise = random.split("noise-" + forward);
      double h = horizon / steps;
      for (int i = 0; i < steps * 3 / 4; i++) {
        double t = forward ? i * h : horizon - i * h;
        double g = ref.diffusion(t);
        double rate = forward ? -lin.driftRate(t) : lin.driftRate(t);
        java.util.function.UnaryOperator<INDArray> field = y -> forward ? b.forwardField(y, t) : b.backwardField(y, t);
        INDArray drift = field.apply(x).muli(g * g).addi(x.mul(rate));
        x = x.add(drift.muli(h)).addi(noise.normal(n, m0.length).muli(g * Math.sqrt(h)));
        moments = eulerMoments(moments, field, rate, g, h, m0.length);
        int done = i + 1;
        if (done % (steps / 4) == 0) {
          double time = forward ? done * h : horizon - done * h;
          check(name + (forward ? " forward" : " backward") + " at t = " + time, x, b.mean(time),
              b.covariance(time), moments);
        }
      }
    }
  }

  /** One Euler–Maruyama step of the mean and covariance under the affine drift rate x + g^2 field(x). */
  private static RealMatrix[] eulerMoments(RealMatrix[] m, java.util.function.UnaryOperator<INDArray> field,
      double rate, double g, double h, int d) {
    double[] shift = Rows.values(field.apply(Rows.matrix(new double[d], 1, d)));
    RealMatrix jac = MatrixUtils.createRealMatrix(d, d);
    for (int j = 0; j < d; j++) {
      double[] e = new double[d];
      e[j] = 1;
      double[] col = Rows.values(field.apply(Rows.matrix(e, 1, d)));
      for (int i = 0; i < d; i++) {
        jac.setEntry(i, j, g * g * (col[i] - shift[i]) + (i == j ? rate : 0));
      }
    }
    RealMatrix step = MatrixUtils.createRealIdentityMatrix(d).add(jac.scalarMultiply(h));
    RealMatrix mean = step.multiply(m[0]).add(MatrixUtils.createColumnRealMatrix(shift).scalarMultiply(g * g * h));
    RealMatrix cov = step.multiply(m[1]).multiply(step.transpose())
        .add(MatrixUtils.createRealIdentityMatrix(d).scalarMultiply(g * g * h));
    return new RealMatrix[] {mean, cov};
  }

  private static void check(String where, INDArray x, double[] mean, double[][] cov, RealMatrix[] euler) {
    int n = (int) x.size(0);
    int d = mean.length;
    double[][] est = IterationReport.covariance(x);
    double[] m = Rows.values(x.mean(0));
    for (int i = 0; i < d; i++) {
      double bias = Math.abs(euler[0].getEntry(i, 0) - mean[i]);
      assertThat(m[i]).as(where + ": mean[%d]", i).isCloseTo(mean[i],
          within(5 * Math.sqrt(cov[i][i] / n) + bias));
      for (int j = 0; j < d; j++) {
        double sd = Math.sqrt((cov[i][i] * cov[j][j] + cov[i][j] * cov[i][j]) / n);
        double covBias = Math.abs(euler[1].getEntry(i, j) - cov[i][j]);
        assertThat(est[i][j]).as(where + ": cov[%d][%d]", i, j).isCloseTo(cov[i][j], within(5 * sd + covBias));
      }
    }
  }

  /**
   * The Euler–Maruyama moments converge to the closed form at first order: halving the step halves the bias at
   * three quarters of the way, which pins the drifts as the ones whose Fokker–Planck flow has these marginals.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eulerMomentsConvergeToTheClosedFormAtFirstOrder(String name, ForwardProcess ref, double[] m0,
      double[][] s0, double[] m1, double[][] s1) {
    GaussianBridge b = bridge(ref, m0, s0, m1, s1);
    double[] errors = new double[2];
    for (int level = 0; level < 2; level++) {
      int steps = 200 << level;
      double h = ref.horizon() / steps;
      RealMatrix[] m = {MatrixUtils.createColumnRealMatrix(m0), MatrixUtils.createRealMatrix(s0)};
      ForwardProcess.LinearMarginals lin = ref.linear().orElseThrow();
      for (int i = 0; i < steps * 3 / 4; i++) {
        double t = i * h;
        m = eulerMoments(m, y -> b.forwardField(y, t), -lin.driftRate(t), ref.diffusion(t), h, m0.length);
      }
      double t = (steps * 3 / 4) * h;
      errors[level] = m[1].subtract(MatrixUtils.createRealMatrix(b.covariance(t))).getFrobeniusNorm()
          + m[0].subtract(MatrixUtils.createColumnRealMatrix(b.mean(t))).getFrobeniusNorm();
    }
    assertThat(errors[0] / errors[1]).as("error ratio %s", java.util.Arrays.toString(errors)).isBetween(1.8, 2.2);
  }

  private static INDArray sample(double[] mean, double[][] cov, int n, RandomSource random) {
    int d = mean.length;
    RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(cov)).getL();
    double[] z = Rows.values(random.normal(n, d));
    double[] out = new double[n * d];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        double s = mean[i];
        for (int j = 0; j <= i; j++) {
          s += l.getEntry(i, j) * z[r * d + j];
        }
        out[r * d + i] = s;
      }
    }
    return Rows.matrix(out, n, d);
  }

  private static void assertClose(double[] actual, double[] expected, double tol) {
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("[%d]", i).isCloseTo(expected[i], within(tol * (1 + Math.abs(expected[i]))));
    }
  }

  private static void assertClose(double[][] actual, double[][] expected, double tol) {
    for (int i = 0; i < expected.length; i++) {
      assertClose(actual[i], expected[i], tol);
    }
  }
}
