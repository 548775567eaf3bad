package io.driftkit.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ProgressListener lines = ProgressListener.lines(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  @Test
  void aTenthOfTheWayAtATime() {
    lines.started(ProgressListener.TRAINING, 20, 0);
    for (int k = 1; k <= 20; k++) {
      lines.advanced(ProgressListener.TRAINING, k, 0.5, 2);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).hasSize(10).first().asString()
        .isEqualTo("training: 2/20  loss 0.5000  2.0 steps/s");
  }

  /** rk45 announces one step and takes as many as it needs: no "11/1", and not a line per step. */
  @Test
  void stepsBeyondTheAnnouncedTotalAreCountedWithoutAFraction() {
    lines.started(ProgressListener.SAMPLING, 1, 0);
    for (int k = 1; k <= 11; k++) {
      lines.advanced(ProgressListener.SAMPLING, k, Double.NaN, 0);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly("sampling: 1/1", "sampling: 2 steps",
        "sampling: 4 steps", "sampling: 8 steps");
  }
}
