package io.driftkit.core.run;

import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops integration at the first step whose new state holds NaN or infinity (from the target, the model or the
 * step itself), naming the step, time and value.
 */
public final class FiniteGuard implements StepObserver {

  private final String stage;

  public FiniteGuard(String stage) {
    this.stage = stage;
  }

  @Override
  public void onStep(Step step) {
    // one reduction per step; the slow search for the culprit runs only when it fails
    if (!Double.isFinite(step.next().sumNumber().doubleValue())) {
      throw new NonFiniteValueException(stage + " produced a non-finite value at step " + step.index() + " (t = "
          + step.time() + "): " + locate(step.next()) + "; the drift there was " + locate(step.drift()));
    }
  }

  /** "NaN at sample i, coordinate j" for the first non-finite entry. */
  static String locate(INDArray x) {
    if (x == null) {
      return "unknown";
    }
    double[] v = Rows.values(x);
    long d = x.rank() > 1 ? x.size(1) : 1;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        return v[i] + " at sample " + (i / d) + ", coordinate " + (i % d);
      }
    }
    return "finite";
  }
}
