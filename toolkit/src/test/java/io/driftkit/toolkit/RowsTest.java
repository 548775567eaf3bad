package io.driftkit.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The bulk conversions against ND4J's own element accessors. */
class RowsTest {

  @Test
  void valuesReadsRowMajorFromDenseArraysViewsOtherOrdersAndFloats() {
    INDArray base = Nd4j.linspace(DataType.DOUBLE, 1, 12, 1).reshape(3, 4);
    assertThat(Rows.values(base)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    INDArray view = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(1, 3));
    assertThat(Rows.values(view)).containsExactly(6, 7, 10, 11);
    assertThat(Rows.values(base.dup('f'))).containsExactly(Rows.values(base));
    assertThat(Rows.values(base.castTo(DataType.FLOAT))).containsExactly(Rows.values(base));
    assertThat(Rows.values(Nd4j.create(DataType.DOUBLE, 0, 2))).isEmpty();
  }

  @Test
  void matrixVectorAndFillRoundTrip() {
    double[] v = {0.5, -1.25, 3, 1e-300, -7, 2};
    INDArray m = Rows.matrix(v, 2, 3);
    assertThat(m.getDouble(1, 0)).isEqualTo(1e-300);
    assertThat(m.getDouble(0, 1)).isEqualTo(-1.25);
    assertThat(Rows.values(Rows.vector(v))).containsExactly(v);
    INDArray f = Nd4j.create(DataType.FLOAT, 3, 2);
    Rows.fill(f, v);
    assertThat(f.getFloat(2, 1)).isEqualTo(2f);
    assertThat(f.getFloat(0, 1)).isEqualTo(-1.25f);
    assertThat(Rows.vector(new double[0]).length()).isZero();
    assertThatThrownBy(() -> Rows.matrix(v, 4, 2)).hasMessageContaining("6 values for a [4, 2] matrix");
    assertThatThrownBy(() -> Rows.fill(m.getRow(0), new double[3])).hasMessageContaining("dense c-ordered");
  }

  @Test
  void valuesIntoABufferReusesItWhenLargeEnoughAndLeavesItsTail() {
    INDArray base = Nd4j.linspace(DataType.DOUBLE, 1, 6, 1).reshape(2, 3);
    double[] buffer = {9, 9, 9, 9, 9, 9, 9, 9};
    assertThat(Rows.values(base, buffer)).isSameAs(buffer);
    assertThat(buffer).containsExactly(1, 2, 3, 4, 5, 6, 9, 9);
    double[] small = new double[2];
    assertThat(Rows.values(base.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 3)), small)).isNotSameAs(small)
        .containsExactly(2, 3, 5, 6);
  }

  @Test
  void sumAndNorm2AreExactWhereFloat64CanBe() {
    // naive left-to-right summation loses the 1 and the 3 entirely; the compensated sum keeps them
    assertThat(Rows.sum(new double[] {1e16, 1, -1e16, 3})).isEqualTo(4);
    assertThat(Rows.sum(Nd4j.createFromArray(0.1, 0.2, 0.3).reshape(3, 1))).isEqualTo(0.6);
    assertThat(Rows.sum(new double[0])).isZero();
    assertThat(Rows.norm2(Nd4j.createFromArray(3.0, 4.0, 12.0))).isEqualTo(13);
    // 2^n ones: the norm is exactly 2^(n/2), for a length ND4J would split over its threads
    assertThat(Rows.norm2(Nd4j.ones(DataType.DOUBLE, 1 << 16))).isEqualTo(256);
    assertThat(Rows.norm2(new double[] {3, 4, 12})).isEqualTo(13);
    assertThat(Rows.norm2(new double[0])).isZero();
    // the row-array norm is the array norm, to the bit (adaptive step control compares them across versions)
    double[] v = Rows.values(new io.driftkit.api.RandomSource(4).normal(1, 1001).muli(1e3));
    assertThat(Rows.norm2(v)).isEqualTo(Rows.norm2(Rows.vector(v)));
  }
}
