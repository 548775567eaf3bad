package io.driftkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.RandomSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jBackendTest {

  @Test
  void nativeBackendMultipliesInDoublePrecision() {
    INDArray a = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
    INDArray b = a.mmul(a);
    assertThat(b.dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(b.toDoubleMatrix()).isDeepEqualTo(new double[][] {{7, 10}, {15, 22}});
  }

  @Test
  void sameSeedSameStreams() {
    RandomSource a = new RandomSource(7).split("x");
    RandomSource b = new RandomSource(7).split("x");
    assertThat(a.normal(3, 2)).isEqualTo(b.normal(3, 2));
    assertThat(new RandomSource(7).split("y").nextDouble()).isNotEqualTo(new RandomSource(7).split("x").nextDouble());
  }
}
