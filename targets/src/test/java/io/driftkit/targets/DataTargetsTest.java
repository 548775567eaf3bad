package io.driftkit.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The data-driven targets: logistic regression preprocessing and values, the LGCP prior and counts, bad files. */
class DataTargetsTest {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  @Test
  void logisticRegressionAtTheOriginIsNLogHalfPlusThePrior() {
    Object[][] cases = {{"logreg-ionosphere", 35, 351, 225}, {"logreg-sonar", 61, 208, 97},
        {"logreg-credit", 25, 1000, 300}};
    for (Object[] c : cases) {
      Target t = TargetTesting.create((String) c[0]);
      int d = (int) c[1];
      int n = (int) c[2];
      int ones = (int) c[3];
      assertThat(t.dim()).isEqualTo(d);
      INDArray origin = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, d);
      double expected = n * Math.log(0.5) - 0.5 * d * LOG_2PI;
      assertThat(t.logDensity(origin).getDouble(0)).as((String) c[0]).isCloseTo(expected, within(1e-9));
      // d/dw0 at the origin = sum_j (y_j - 1/2) over the intercept column: checks the label coding
      assertThat(t.gradLogDensity(origin).getDouble(0, 0)).as((String) c[0]).isCloseTo(ones - n / 2.0,
          within(1e-9));
      assertThat(t.logNormalizer()).isEmpty();
    }
  }

  @Test
  void logisticRegressionStaysFiniteAndExactAtHugeLogits() {
    // intercept weight +-1000: every logit is +-1000, where exp overflows; softplus(1000) = 1000, softplus(-1000) = 0
    Target t = TargetTesting.create("logreg-ionosphere");
    int d = 35;
    int n = 351;
    int ones = 225;
    double[] w = new double[2 * d];
    w[0] = 1000;
    w[d] = -1000;
    double[] logp = Rows.values(t.logDensity(Rows.matrix(w, 2, d)));
    double prior = -0.5 * 1000 * 1000 - 0.5 * d * LOG_2PI;
    assertThat(logp[0]).isCloseTo(-1000.0 * (n - ones) + prior, within(1e-6));
    assertThat(logp[1]).isCloseTo(-1000.0 * ones + prior, within(1e-6));
    // the residual y - sigmoid(z) is y - 1 or y: d/dw0 = (ones - n) - 1000 and ones + 1000
    INDArray g = t.gradLogDensity(Rows.matrix(w, 2, d));
    assertThat(g.getDouble(0, 0)).isCloseTo(ones - n - 1000.0, within(1e-9));
    assertThat(g.getDouble(1, 0)).isCloseTo(ones + 1000.0, within(1e-9));
  }

  @Test
  void designStandardisesWithPopulationStdAndPrependsAnIntercept() {
    double[][] raw = {{1, 5, 2}, {3, 5, 4}, {5, 5, 9}};
    double[][] x = LogisticRegressionTarget.design(raw);
    // column 1: mean 3, population sd sqrt(8/3); column 2 constant -> 0; column 3: mean 5, sd sqrt(26/3)
    double s1 = Math.sqrt(8.0 / 3);
    double s3 = Math.sqrt(26.0 / 3);
    double[][] expected = {{1, -2 / s1, 0, -3 / s3}, {1, 0, 0, -1 / s3}, {1, 2 / s1, 0, 4 / s3}};
    for (int i = 0; i < 3; i++) {
      assertThat(x[i]).containsExactly(expected[i], within(1e-15));
    }
  }

  @Test
  void ionosphereDesignHasStandardColumnsAndTheConstantColumnAtZero() {
    LogisticRegressionTarget t = LogisticRegressionTarget.load(LogisticRegressionTarget.IONOSPHERE, "");
    assertThat(t.observations()).isEqualTo(351);
    // gradient at the origin for each weight is sum_j x_jc (y_j - 1/2); for the constant column it must be 0
    INDArray g = t.gradLogDensity(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 35));
    assertThat(g.getDouble(0, 2)).isZero();
    // with w = e_c, z_j = x_jc: the log likelihood's second derivative structure is not needed; instead check
    // mean 0 and variance 1 of column c through the log density along w = t e_c for small t:
    // log p(t e_c) = sum_j (y_j t x_jc - log(1 + e^{t x_jc})) - t^2/2 + const, whose t^2 coefficient is
    // -(1/8) sum_j x_jc^2 - 1/2 = -N/8 - 1/2 for a column with population variance 1 and mean 0
    for (int c : new int[] {1, 3, 20, 34}) {
      double h = 1e-3;
      double[] w = new double[3 * 35];
      w[c] = h;
      w[2 * 35 + c] = -h;
      double[] f = Rows.values(t.logDensity(Rows.matrix(w, 3, 35)));
      double second = (f[0] - 2 * f[1] + f[2]) / (h * h);
      assertThat(second).as("column %d", c).isCloseTo(-(351 / 4.0) - 1, within(1e-3 * 351));
    }
  }

  @Test
  void missingAndMalformedDataFilesAreClearErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> TargetTesting.create("logreg-sonar", Map.of("data", dir + "/nope.csv")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("nope.csv").hasMessageContaining("not found");
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "data_x,data_y\n0.1,0.2\n0.3\n");
    assertThatThrownBy(() -> TargetTesting.create("lgcp", Map.of("data", ragged.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 3").hasMessageContaining("expected 2");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "data_x,data_y\n0.1,abc\n");
    assertThatThrownBy(() -> TargetTesting.create("lgcp", Map.of("data", text.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("line 2").hasMessageContaining("'abc'")
        .hasMessageContaining("data_y");
    Path outside = dir.resolve("outside.csv");
    Files.writeString(outside, "data_x,data_y\n0.1,1.5\n");
    assertThatThrownBy(() -> TargetTesting.create("lgcp", Map.of("data", outside.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("outside the unit square");
    Path label = dir.resolve("label.csv");
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 24; i++) {
      s.append('a').append(i).append(',');
    }
    s.append("label\n");
    s.append("1,".repeat(24)).append("3\n");
    Files.writeString(label, s);
    assertThatThrownBy(() -> TargetTesting.create("logreg-credit", Map.of("data", label.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("label '3'");
  }

  @Test
  void lgcpCountsAreThePinesBinned() throws IOException {
    LgcpTarget t = LgcpTarget.forData("");
    double[] counts = t.counts();
    assertThat(java.util.Arrays.stream(counts).sum()).isEqualTo(126);
    // an independent count of one busy cell straight from the shipped CSV
    var lines = Files.readAllLines(Path.of("src/main/resources/io/driftkit/targets/data/pines.csv"));
    int[] byCell = new int[1600];
    for (String line : lines.subList(1, lines.size())) {
      String[] p = line.split(",");
      int r = (int) (Double.parseDouble(p[0]) * 40);
      int c = (int) (Double.parseDouble(p[1]) * 40);
      byCell[Math.min(r, 39) * 40 + Math.min(c, 39)]++;
    }
    for (int i = 0; i < 1600; i++) {
      assertThat(counts[i]).as("cell %d", i).isEqualTo(byCell[i]);
    }
  }

  @Test
  void lgcpPriorIsTheNormalisedGaussianProcess() {
    LgcpTarget t = LgcpTarget.forData("");
    double[][] k = LgcpTarget.covariance();
    // independent log det: commons-math3's Cholesky, not the target's own code
    var l = new org.apache.commons.math3.linear.CholeskyDecomposition(
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(k, false)).getL();
    double logDet = 0;
    for (int i = 0; i < 1600; i++) {
      logDet += 2 * Math.log(l.getEntry(i, i));
    }
    // x = mu + K e_7: the quadratic form is e_7^T K e_7 = 1.91, the prior's gradient is -e_7
    double[] x = new double[1600];
    for (int i = 0; i < 1600; i++) {
      x[i] = LgcpTarget.MEAN + k[i][7];
    }
    double[] counts = t.counts();
    double likelihood = 0;
    for (int i = 0; i < 1600; i++) {
      likelihood += counts[i] * x[i] - Math.exp(x[i]) / 1600;
    }
    double expected = -800 * LOG_2PI - 0.5 * logDet - 0.5 * 1.91 + likelihood;
    INDArray point = Rows.matrix(x, 1, 1600);
    assertThat(t.logDensity(point).getDouble(0)).isCloseTo(expected, within(1e-7 * Math.abs(expected)));
    double[] g = Rows.values(t.gradLogDensity(point));
    for (int i : new int[] {0, 7, 8, 1599}) {
      double prior = i == 7 ? -1 : 0;
      assertThat(g[i]).as("grad %d", i).isCloseTo(prior + counts[i] - Math.exp(x[i]) / 1600, within(1e-8));
    }
  }
}
