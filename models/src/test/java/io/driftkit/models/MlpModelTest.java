package io.driftkit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.LearnableDriftModel.Gradients;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpModelTest {

  private static MlpConfig config(String activation, boolean float64) {
    return new MlpConfig(3, new int[] {8, 6}, activation, 4, 20, false, float64);
  }

  private static double vjp(MlpModel m, INDArray x, INDArray t, INDArray g) {
    return m.evaluate(x, t).mul(g).sumNumber().doubleValue();
  }

  /**
   * Central differences of L = sum(v(x, t) * g) in float64: truncation error ~ eps^2 |L'''| ~ 1e-10 and round-off
   * ~ 1e-16 |L| / eps ~ 1e-10 at eps = 1e-5, so 1e-6 (relative to the gradient's scale) leaves a wide margin.
   */
  @ParameterizedTest
  @ValueSource(strings = {"silu", "gelu"})
  void backwardMatchesCentralFiniteDifferences(String activation) {
    MlpModel model = new MlpModel(config(activation, true), new RandomSource(1).split("model"));
    RandomSource r = new RandomSource(2);
    INDArray x = r.normal(5, 3);
    INDArray t = r.uniform(5, 1).reshape(5);
    INDArray g = r.normal(5, 3);
    Gradients grads = model.backward(x, t, g);
    double eps = 1e-5;
    INDArray theta = model.parameters();
    double scale = grads.parameters().amaxNumber().doubleValue();
    for (int i = 0; i < theta.length(); i += 7) {
      INDArray plus = theta.dup();
      plus.putScalar(i, theta.getDouble(i) + eps);
      INDArray minus = theta.dup();
      minus.putScalar(i, theta.getDouble(i) - eps);
      model.setParameters(plus);
      double lp = vjp(model, x, t, g);
      model.setParameters(minus);
      double lm = vjp(model, x, t, g);
      model.setParameters(theta);
      assertThat(grads.parameters().getDouble(i)).as("dL/dtheta[%s]", i)
          .isCloseTo((lp - lm) / (2 * eps), within(1e-6 * scale));
    }
    double inputScale = grads.input().amaxNumber().doubleValue();
    for (int row = 0; row < 5; row++) {
      for (int col = 0; col < 3; col++) {
        INDArray plus = x.dup();
        plus.putScalar(row, col, x.getDouble(row, col) + eps);
        INDArray minus = x.dup();
        minus.putScalar(row, col, x.getDouble(row, col) - eps);
        double fd = (vjp(model, plus, t, g) - vjp(model, minus, t, g)) / (2 * eps);
        assertThat(grads.input().getDouble(row, col)).as("dL/dx[%s,%s]", row, col)
            .isCloseTo(fd, within(1e-6 * inputScale));
      }
    }
  }

  /** The float32 network computes the same gradients to float32 accuracy (eps 6e-8, a few layers: 1e-4 relative). */
  @Test
  void float32GradientsAgreeWithFloat64() {
    MlpModel exact = new MlpModel(config("silu", true), new RandomSource(3));
    MlpModel single = new MlpModel(config("silu", false), new RandomSource(99));
    single.setParameters(exact.parameters());
    RandomSource r = new RandomSource(4);
    INDArray x = r.normal(16, 3);
    INDArray t = r.uniform(16, 1).reshape(16);
    INDArray g = r.normal(16, 3);
    Gradients a = exact.backward(x, t, g);
    Gradients b = single.backward(x, t, g);
    assertThat(b.parameters().dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(b.parameters().sub(a.parameters()).amaxNumber().doubleValue())
        .isLessThan(1e-4 * a.parameters().amaxNumber().doubleValue());
    assertThat(b.input().sub(a.input()).amaxNumber().doubleValue())
        .isLessThan(1e-4 * a.input().amaxNumber().doubleValue());
    assertThat(single.evaluate(x, t).sub(exact.evaluate(x, t)).amaxNumber().doubleValue()).isLessThan(1e-4);
  }

  @Test
  void scalarTimeEqualsTimePerRowAndSeedFixesWeights() {
    MlpModel a = new MlpModel(config("gelu", false), new RandomSource(5));
    MlpModel b = new MlpModel(config("gelu", false), new RandomSource(5));
    assertThat(a.parameters()).isEqualTo(b.parameters());
    assertThat(a.parameterCount()).isEqualTo((3 + 1 + 8) * 8 + 8 + 8 * 6 + 6 + 6 * 3 + 3);
    INDArray x = new RandomSource(6).normal(10, 3);
    assertThat(a.evaluate(x, 0.3)).isEqualTo(a.evaluate(x, Nd4j.valueArrayOf(10, 0.3)));
    assertThat(a.evaluate(x, 0.3).dataType()).isEqualTo(DataType.DOUBLE);
    double[] rows = new double[30];
    a.evaluate(Rows.values(x), 10, 0.3, rows);
    assertThat(rows).containsExactly(Rows.values(a.evaluate(x, 0.3)));
  }

  @Test
  void zeroLastLayerStartsAtZero() {
    MlpModel m = new MlpModel(new MlpConfig(2, new int[] {16}, "silu", 8, 100, true, false), new RandomSource(7));
    assertThat(m.evaluate(new RandomSource(8).normal(4, 2), 0.5).amaxNumber().doubleValue()).isEqualTo(0.0);
  }

  @Test
  void saveLoadRoundTripAndShapeMismatchIsAClearError(@TempDir Path dir) throws Exception {
    MlpModel a = new MlpModel(config("silu", false), new RandomSource(9));
    Path file = dir.resolve("model.bin");
    a.save(file);
    MlpModel b = new MlpModel(config("silu", false), new RandomSource(10));
    b.load(file);
    assertThat(b.parameters()).isEqualTo(a.parameters());
    MlpModel other = new MlpModel(new MlpConfig(3, new int[] {8, 8}, "silu", 4, 20, false, false),
        new RandomSource(11));
    assertThatThrownBy(() -> other.load(file)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hidden=[8,6]").hasMessageContaining("hidden=[8,8]")
        .hasMessageContaining("model.hidden");
  }

  /**
   * The hand-written passes against an independent SameDiff graph of the same network (same draws, same layout):
   * outputs and both gradients agree to float64 round-off. Both use ND4J's GELU op (whose slope is the float
   * 1.702f), so for GELU the finite-difference test above is the independent check.
   */
  @ParameterizedTest
  @ValueSource(strings = {"silu", "gelu"})
  void agreesWithSameDiffGraphOfTheSameNetwork(String activation) {
    MlpConfig config = new MlpConfig(3, new int[] {8, 6, 5}, activation, 3, 10, false, true);
    MlpModel model = new MlpModel(config, new RandomSource(12));
    SameDiffMlp graph = new SameDiffMlp(config, new RandomSource(12));
    double tol = activation.equals("silu") ? 1e-12 : 1e-8;
    assertThat(model.parameters()).isEqualTo(graph.parameters());
    RandomSource r = new RandomSource(13);
    INDArray x = r.normal(7, 3);
    INDArray t = r.uniform(7, 1).reshape(7);
    INDArray g = r.normal(7, 3);
    assertThat(model.evaluate(x, t).sub(graph.evaluate(x, t)).amaxNumber().doubleValue()).isLessThan(tol);
    Gradients a = model.backward(x, t, g);
    Gradients b = graph.backward(x, t, g);
    assertThat(a.parameters().sub(b.parameters()).amaxNumber().doubleValue()).isLessThan(tol);
    assertThat(a.input().sub(b.input()).amaxNumber().doubleValue()).isLessThan(tol);
  }

  /**
   * The float32 kernel at training shapes against the independent float32 SameDiff graph and the float64 model:
   * widths 64 and 40 exercise both register blocks (4 and 1 vectors) and padding, 1100 rows give full tiles, a
   * partial one, padded rows and a crossing of the float32 partial sums into float64. Tolerances: float32 carries
   * 6e-8 relative per operation; through three layers and sums over up to 1100 rows of terms of mixed sign the
   * error stays far below 1e-3 of the largest entry, while a wrong block, a missed tile or a stale accumulator
   * would be off by O(1) of it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"silu", "gelu"})
  void float32KernelAtTrainingShapesAgreesWithSameDiffAndFloat64(String activation) {
    MlpConfig single = new MlpConfig(10, new int[] {64, 40, 64}, activation, 16, 100, false, false);
    MlpConfig dbl = new MlpConfig(10, new int[] {64, 40, 64}, activation, 16, 100, false, true);
    MlpModel model = new MlpModel(single, new RandomSource(21));
    SameDiffMlp graph = new SameDiffMlp(single, new RandomSource(21));
    MlpModel exact = new MlpModel(dbl, new RandomSource(99));
    assertThat(model.parameters()).isEqualTo(graph.parameters()); // same draws, same layout, same rounding
    exact.setParameters(model.parameters());
    RandomSource r = new RandomSource(22);
    int n = 1100;
    INDArray x = r.normal(n, 10).muli(2);
    double[] times = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = (i / 100) / 11.0; // runs of equal times, as a stacked trajectory has them
    }
    INDArray t = Nd4j.createFromArray(times);
    INDArray g = r.normal(n, 10);
    INDArray v = model.evaluate(x, t);
    double scale = exact.evaluate(x, t).amaxNumber().doubleValue();
    assertThat(v.sub(graph.evaluate(x, t)).amaxNumber().doubleValue()).isLessThan(1e-4 * scale);
    assertThat(v.sub(exact.evaluate(x, t)).amaxNumber().doubleValue()).isLessThan(1e-4 * scale);
    Gradients a = model.backward(x, t, g);
    Gradients b = graph.backward(x, t, g);
    Gradients c = exact.backward(x, t, g);
    double pScale = c.parameters().amaxNumber().doubleValue();
    double iScale = c.input().amaxNumber().doubleValue();
    assertThat(a.parameters().sub(c.parameters()).amaxNumber().doubleValue()).isLessThan(1e-3 * pScale);
    assertThat(a.parameters().sub(b.parameters()).amaxNumber().doubleValue()).isLessThan(1e-3 * pScale);
    assertThat(a.input().sub(c.input()).amaxNumber().doubleValue()).isLessThan(1e-4 * iScale);
    assertThat(a.input().sub(b.input()).amaxNumber().doubleValue()).isLessThan(1e-4 * iScale);
    assertThat(model.parameterGradient(x, t, g)).isEqualTo(a.parameters());
  }

  /** One seed, the same numbers: the kernel's buffers carry nothing from one call into the next. */
  @Test
  void repeatedCallsGiveIdenticalResults() {
    MlpModel model = new MlpModel(new MlpConfig(10, new int[] {64, 64}, "gelu", 4, 20, false, false),
        new RandomSource(23));
    RandomSource r = new RandomSource(24);
    INDArray x1 = r.normal(70, 10);
    INDArray x2 = r.normal(37, 10);
    INDArray t1 = r.uniform(70, 1).reshape(70);
    INDArray t2 = r.uniform(37, 1).reshape(37);
    INDArray g1 = r.normal(70, 10);
    INDArray g2 = r.normal(37, 10);
    Gradients first = model.backward(x1, t1, g1);
    INDArray v1 = model.evaluate(x1, t1);
    model.backward(x2, t2, g2);
    model.evaluate(x2, 0.7);
    assertThat(model.backward(x1, t1, g1).parameters()).isEqualTo(first.parameters());
    assertThat(model.backward(x1, t1, g1).input()).isEqualTo(first.input());
    assertThat(model.evaluate(x1, t1)).isEqualTo(v1);
  }
}
