package io.driftkit.toolkit.integrate;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;

/** An integrator that steps along a grid of {@code integrator.steps} points with {@code integrator.grid} spacing. */
public abstract class FixedGridIntegrator implements Integrator {

  private final int steps;
  private final TimeGrid.Spacing spacing;

  protected FixedGridIntegrator(int steps, TimeGrid.Spacing spacing) {
    if (steps < 1) {
      throw new IllegalArgumentException("integrator.steps must be >= 1, got " + steps);
    }
    this.steps = steps;
    this.spacing = spacing;
  }

  @Override
  public final TimeGrid grid(double start, double end) {
    return TimeGrid.spaced(spacing, start, end, steps);
  }
}
