package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.Targets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Targets written as lambdas ({@link Targets}) meet the same contract as a plugin's: the gradient they pass through
 * against finite differences of the density they pass through, shapes, row independence, a wrong dimension refused.
 */
class InCodeTargetsTest {

  /** A banana: log p = -x0^2/8 - (x1 - x0^2/4)^2 / 2, whose gradient couples the coordinates. */
  static double banana(double[] x) {
    double u = x[1] - 0.25 * x[0] * x[0];
    return -x[0] * x[0] / 8 - 0.5 * u * u;
  }

  static double[] bananaGradient(double[] x) {
    double u = x[1] - 0.25 * x[0] * x[0];
    return new double[] {-x[0] / 4 + u * 0.5 * x[0], -u};
  }

  @Nested
  class FromRowFunctions extends TargetContract {
    @Override
    protected Target target() {
      return Targets.of(2, InCodeTargetsTest::banana, InCodeTargetsTest::bananaGradient);
    }

    @Override
    protected boolean supportsEmptyBatch() {
      return true;
    }
  }

  @Nested
  class FromBatchedFunctions extends TargetContract {
    @Override
    protected Target target() {
      return Targets.batched(2, x -> {
        INDArray x0 = x.getColumn(0);
        INDArray u = x.getColumn(1).sub(x0.mul(x0).muli(0.25));
        return x0.mul(x0).muli(-1.0 / 8).subi(u.mul(u).muli(0.5));
      }, x -> {
        INDArray x0 = x.getColumn(0);
        INDArray u = x.getColumn(1).sub(x0.mul(x0).muli(0.25));
        INDArray g = x.like();
        g.putColumn(0, x0.mul(-0.25).addi(u.mul(x0).muli(0.5)));
        g.putColumn(1, u.neg());
        return g;
      });
    }
  }

  @Test
  void aGradientOfTheWrongLengthIsRefusedNamingTheRow() {
    Target t = Targets.of(2, x -> 0, x -> new double[3]);
    assertThatThrownBy(() -> t.gradLogDensity(Rows.matrix(new double[] {1, 2}, 1, 2)))
        .hasMessageContaining("in-code target").hasMessageContaining("row 0").hasMessageContaining("3 entries")
        .hasMessageContaining("expected 2");
  }

  @Test
  void aNanDensityIsRefusedWhereItHappens() {
    Target t = Targets.of(1, x -> x[0] > 0 ? Double.NaN : 0, x -> new double[] {0});
    assertThatThrownBy(() -> t.logDensity(Rows.matrix(new double[] {-1, 2}, 2, 1)))
        .hasMessageContaining("row 1").hasMessageContaining("NaN");
    assertThat(Rows.values(Targets.of(1, x -> Double.NEGATIVE_INFINITY, x -> new double[] {0})
        .logDensity(Rows.matrix(new double[] {1}, 1, 1)))).containsExactly(Double.NEGATIVE_INFINITY);
  }

  @Test
  void aDimensionBelowOneIsRefused() {
    assertThatThrownBy(() -> Targets.of(0, x -> 0, x -> x)).hasMessageContaining("at least 1, got 0");
  }
}
