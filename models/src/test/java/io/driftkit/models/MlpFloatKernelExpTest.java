package io.driftkit.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The kernel's exponential against Math.exp, in units in the last place of the float result. */
class MlpFloatKernelExpTest {

  @Test
  void withinTwoUlpOfMathExpWhereTheSigmoidNeedsIt() {
    int lanes = FloatVector.SPECIES_PREFERRED.length();
    Random random = new Random(11);
    float[] x = new float[lanes];
    float[] y = new float[lanes];
    double worst = 0;
    for (int round = 0; round < 20_000; round++) {
      for (int i = 0; i < lanes; i++) {
        // the whole clamped range, and densely near 0 where GELU's gate lives
        x[i] = round % 2 == 0 ? -87f + 175f * random.nextFloat() : (float) random.nextGaussian() * 4f;
      }
      MlpFloatKernel.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
      for (int i = 0; i < lanes; i++) {
        float exact = (float) Math.exp(x[i]);
        worst = Math.max(worst, Math.abs(y[i] - exact) / Math.ulp(exact));
      }
    }
    assertThat(worst).isLessThanOrEqualTo(2.0);
  }

  @Test
  void clampsOutsideTheFloatRangeToFiniteValues() {
    float[] x = new float[FloatVector.SPECIES_PREFERRED.length()];
    float[] y = new float[x.length];
    java.util.Arrays.fill(x, -1000f);
    x[0] = 1000f;
    MlpFloatKernel.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
    assertThat(y[0]).isFinite().isGreaterThan(1e38f);
    assertThat(y[1]).isGreaterThanOrEqualTo(0f).isLessThan(1e-37f);
  }
}
