package io.driftkit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.GaussianMixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OracleScoreModelTest {

  /** alpha(t) = e^{-t}, sigma(t) = sqrt(1 - e^{-2t}) (the OU / VP form). */
  private static final ForwardProcess.LinearMarginals MARGINALS = new ForwardProcess.LinearMarginals() {
    @Override
    public double alpha(double t) {
      return Math.exp(-t);
    }

    @Override
    public double sigma(double t) {
      return Math.sqrt(1 - Math.exp(-2 * t));
    }

    @Override
    public double driftRate(double t) {
      return 1;
    }
  };

  /** A single Gaussian N(m, s0^2 I) diffuses to N(alpha m, (alpha^2 s0^2 + sigma^2) I): score in closed form. */
  @Test
  void gaussianScoreInClosedForm() {
    double[] m = {1.5, -2};
    double s0 = 0.7;
    var model = new OracleScoreModel(GaussianMixture.isotropic(new double[] {1}, new double[][] {m},
        new double[] {s0 * s0}), MARGINALS);
    INDArray x = new RandomSource(1).normal(6, 2);
    double t = 0.4;
    double a = Math.exp(-t);
    double v = a * a * s0 * s0 + 1 - Math.exp(-2 * t);
    INDArray score = model.evaluate(x, t);
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 2; j++) {
        assertThat(score.getDouble(i, j)).isCloseTo(-(x.getDouble(i, j) - a * m[j]) / v, within(1e-12));
      }
    }
  }

  @Test
  void timePerRowMatchesOneTimeAtATime() {
    var mixture = GaussianMixture.isotropic(new double[] {1, 2}, new double[][] {{-3, 0}, {3, 1}},
        new double[] {0.3, 0.5});
    var model = new OracleScoreModel(mixture, MARGINALS);
    INDArray x = new RandomSource(2).normal(4, 2);
    INDArray t = Nd4j.createFromArray(0.1, 0.5, 0.1, 0.9);
    INDArray perRow = model.evaluate(x, t);
    for (int i = 0; i < 4; i++) {
      INDArray row = x.getRow(i).reshape(1, 2);
      assertThat(perRow.getRow(i).reshape(1, 2)).isEqualTo(model.evaluate(row, t.getDouble(i)));
    }
    assertThat(new ZeroModel(2).evaluate(x, t).amaxNumber().doubleValue()).isEqualTo(0.0);
  }

  /**
   * The batched isotropic path against the api's generic per-row mixture score (Cholesky solves), on a 5-D mixture
   * with unequal weights and variances, at several times including t = 0 (no noise) and far out in the tails.
   */
  @Test
  void batchedIsotropicScoreAgreesWithTheGenericMixtureScore() {
    RandomSource r = new RandomSource(3);
    double[][] means = r.normal(6, 5).muli(4).toDoubleMatrix();
    var mixture = GaussianMixture.isotropic(new double[] {1, 2, 3, 1, 5, 0.5}, means,
        new double[] {0.2, 1, 0.5, 2, 0.05, 0.3});
    var model = new OracleScoreModel(mixture, MARGINALS);
    INDArray x = r.normal(50, 5).muli(6);
    for (double t : new double[] {0, 0.01, 0.3, 2}) {
      INDArray generic = mixture.diffuse(Math.exp(-t), Math.sqrt(1 - Math.exp(-2 * t))).score(x);
      INDArray fast = model.evaluate(x, t);
      double scale = generic.amaxNumber().doubleValue();
      assertThat(fast.sub(generic).amaxNumber().doubleValue()).as("t = %s", t).isLessThan(1e-10 * scale);
    }
  }
  /** The row-array call a sampler's loop makes gives exactly the array call's score. */
  @Test
  void rowArrayCallGivesTheArrayCallsScore() {
    var mixture = GaussianMixture.isotropic(new double[] {1, 2, 3}, new double[][] {{-3, 0, 1}, {3, 1, 0}, {0, 0, 4}},
        new double[] {0.3, 0.5, 1});
    var model = new OracleScoreModel(mixture, MARGINALS);
    INDArray x = new RandomSource(5).normal(41, 3).muli(3);
    double[] out = new double[41 * 3];
    model.evaluate(io.driftkit.toolkit.Rows.values(x), 41, 0.7, out);
    assertThat(out).containsExactly(io.driftkit.toolkit.Rows.values(model.evaluate(x, 0.7)));
  }
}
