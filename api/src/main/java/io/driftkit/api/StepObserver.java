package io.driftkit.api;

import java.util.List;

/**
 * Told of every step an {@link Integrator} takes: for trajectories, running log-weights, progress and checks. An
 * observer may change {@link Step#next()} in place (a Metropolis filter does); observers run in order.
 */
@FunctionalInterface
public interface StepObserver {

  /** An observer that does nothing. */
  StepObserver NONE = step -> { };

  void onStep(Step step);

  /** This observer, then {@code after}. */
  default StepObserver andThen(StepObserver after) {
    if (this == NONE) {
      return after;
    }
    if (after == NONE) {
      return this;
    }
    return step -> {
      onStep(step);
      after.onStep(step);
    };
  }

  /** All observers in order. */
  static StepObserver all(List<StepObserver> observers) {
    StepObserver result = NONE;
    for (StepObserver o : observers) {
      result = result.andThen(o);
    }
    return result;
  }
}
