package io.driftkit.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.DriftModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link DriftModel#evaluate(double[], int, double, double[])}'s default against the closed form it wraps. */
class DriftModelRowsTest {

  @Test
  void rowArrayCallGivesTheFieldAtEveryRowAndLeavesTheTail() {
    DriftModel model = DriftModels.of(2, (x, t) -> new double[] {x[0] * t, x[1] - t});
    double[] x = {1, 2, -3, 4, 0.5, 0};
    double[] out = {7, 7, 7, 7, 7, 7, 7};
    model.evaluate(x, 3, 0.25, out);
    assertThat(out).containsExactly(0.25, 1.75, -0.75, 3.75, 0.125, -0.25, 7);
  }

  @Test
  void aModelReturningTheWrongShapeIsNamed() {
    DriftModel wrong = new DriftModel() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray evaluate(INDArray x, double t) {
        return x.getColumn(0);
      }

      @Override
      public INDArray evaluate(INDArray x, INDArray t) {
        return x;
      }
    };
    assertThatThrownBy(() -> wrong.evaluate(new double[4], 2, 0, new double[4]))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned [2] for 2 rows of dimension 2");
  }
}
