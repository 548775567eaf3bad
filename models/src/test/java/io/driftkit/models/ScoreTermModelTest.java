package io.driftkit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.PlotBox;
import io.driftkit.testkit.MixtureTarget;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mlp-grad model against its definition (network plus hand-interpolated knot weights times the target score)
 * and its backward pass against central finite differences in float64, including the Hessian term of the input
 * gradient that path-KL needs.
 */
class ScoreTermModelTest {

  private static final Target TARGET = new MixtureTarget(GaussianMixture.isotropic(new double[] {0.4, 0.6},
      new double[][] {{-1.0, 0.5}, {1.2, -0.3}}, new double[] {0.5, 0.9}), 0, PlotBox.square(5));
  private static final double HORIZON = 2;

  private static MlpModel network(long seed) {
    return new MlpModel(new MlpConfig(2, new int[] {6}, "gelu", 2, 5, false, true), new RandomSource(seed));
  }

  /** knots at t = 0, 1, 2; the knot weights set to distinct values. */
  private static ScoreTermModel model(double clipScore) {
    ScoreTermModel m = new ScoreTermModel(network(3), TARGET, 3, HORIZON, clipScore);
    double[] theta = m.parameters().toDoubleVector();
    int offset = theta.length - 6;
    double[] knots = {0.1, -0.4, 0.7, 0.2, -0.3, 0.5};
    System.arraycopy(knots, 0, theta, offset, 6);
    m.setParameters(Rows.vector(theta));
    return m;
  }

  private static final double[][] X = {{0.3, -0.2}, {-1.1, 0.6}, {1.5, 0.1}, {0.2, 1.3}};
  private static final double[] T = {0.0, 0.5, 1.25, 2.0};
  private static final double[][] G = {{0.7, -0.2}, {0.3, 0.9}, {-0.5, 0.4}, {1.1, -0.6}};

  @Test
  void isTheNetworkPlusTheInterpolatedWeightTimesTheScore() {
    ScoreTermModel m = model(0);
    INDArray x = Nd4j.createFromArray(X);
    double[][] v = (m.evaluate(x, Rows.vector(T))).toDoubleMatrix();
    double[][] net = (network(3).evaluate(x, Rows.vector(T))).toDoubleMatrix();
    double[][] score = (TARGET.gradLogDensity(x)).toDoubleMatrix();
    // W0 = (0.1, -0.4), W1 = (0.7, 0.2), W2 = (-0.3, 0.5): w(0) = W0, w(0.5) = (W0 + W1) / 2,
    // w(1.25) = 0.75 W1 + 0.25 W2, w(2) = W2
    double[][] w = {{0.1, -0.4}, {0.4, -0.1}, {0.45, 0.275}, {-0.3, 0.5}};
    for (int i = 0; i < X.length; i++) {
      for (int j = 0; j < 2; j++) {
        assertThat(v[i][j]).isCloseTo(net[i][j] + w[i][j] * score[i][j], within(1e-12));
      }
    }
  }

  @Test
  void zeroKnotWeightsLeaveThePlainNetwork() {
    ScoreTermModel m = new ScoreTermModel(network(3), TARGET, 4, HORIZON, 0);
    INDArray x = Nd4j.createFromArray(X);
    assertThat((m.evaluate(x, 0.7)).toDoubleMatrix()).isDeepEqualTo((network(3).evaluate(x, 0.7)).toDoubleMatrix());
  }

  @Test
  void backwardMatchesFiniteDifferences() {
    for (double clip : new double[] {0, 1.0}) {
      ScoreTermModel m = model(clip);
      INDArray x = Nd4j.createFromArray(X);
      LearnableDriftModel.Gradients grads = m.backward(x, Rows.vector(T), Nd4j.createFromArray(G));
      double[] theta = m.parameters().toDoubleVector();
      double[] analytic = grads.parameters().toDoubleVector();
      // the log-variance loss's cheaper path (no Hessian term) gives the same parameter gradient
      assertThat(m.parameterGradient(x, Rows.vector(T), Nd4j.createFromArray(G)).toDoubleVector())
          .containsExactly(analytic);
      double eps = 1e-6;
      for (int k = 0; k < theta.length; k += 3) {
        double[] plus = theta.clone();
        double[] minus = theta.clone();
        plus[k] += eps;
        minus[k] -= eps;
        double fd = (objective(m, plus, X) - objective(m, minus, X)) / (2 * eps);
        assertThat(analytic[k]).as("clip %s, parameter %d", clip, k).isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
      }
      m.setParameters(Rows.vector(theta));
      double[][] input = (grads.input()).toDoubleMatrix();
      double[][] score = (TARGET.gradLogDensity(x)).toDoubleMatrix();
      for (int i = 0; i < X.length; i++) {
        for (int j = 0; j < 2; j++) {
          if (clip > 0 && Math.abs(Math.abs(score[i][j]) - clip) < 0.05) {
            continue; // the clip's kink: no derivative there
          }
          double[][] plus = copy(X);
          double[][] minus = copy(X);
          plus[i][j] += eps;
          minus[i][j] -= eps;
          double fd = (objective(m, theta, plus) - objective(m, theta, minus)) / (2 * eps);
          assertThat(input[i][j]).as("clip %s, dL/dx[%d][%d]", clip, i, j).isCloseTo(fd, within(1e-5 * (1 + Math.abs(fd))));
        }
      }
    }
  }

  /** sum_i g_i . v(x_i, t_i) at parameters theta. */
  private static double objective(ScoreTermModel m, double[] theta, double[][] x) {
    m.setParameters(Rows.vector(theta));
    double[][] v = (m.evaluate(Nd4j.createFromArray(x), Rows.vector(T))).toDoubleMatrix();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v[i].length; j++) {
        s += G[i][j] * v[i][j];
      }
    }
    return s;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  @Test
  void savesAndLoadsItsKnotsWithTheNetwork(@TempDir Path dir) throws Exception {
    ScoreTermModel m = model(0);
    Path file = dir.resolve("model.bin");
    m.save(file);
    ScoreTermModel other = new ScoreTermModel(network(9), TARGET, 3, HORIZON, 0);
    other.load(file);
    assertThat(other.parameters().toDoubleVector()).containsExactly(m.parameters().toDoubleVector());

    ScoreTermModel moreKnots = new ScoreTermModel(network(9), TARGET, 5, HORIZON, 0);
    assertThatThrownBy(() -> moreKnots.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 score knots").hasMessageContaining("model.score-knots");
  }
}
