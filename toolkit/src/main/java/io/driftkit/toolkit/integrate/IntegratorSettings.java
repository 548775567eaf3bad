package io.driftkit.toolkit.integrate;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.function.BiFunction;

/** The config keys every fixed-grid integrator shares, and a factory built from them. */
public final class IntegratorSettings {

  private IntegratorSettings() {}

  public static final Setting<Integer> STEPS = Setting.integer("steps", 100, "number of steps").atLeast(1);
  public static final Setting<TimeGrid.Spacing> GRID = Setting.choice("grid", TimeGrid.Spacing.UNIFORM,
      "spacing of the time grid (in solver time)");

  /** A fixed-grid integrator made from {@code steps} and {@code grid}. */
  public static ComponentFactory<Integrator> fixedGrid(String description,
      BiFunction<Integer, TimeGrid.Spacing, Integrator> make) {
    return new ComponentFactory<>() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public List<Setting<?>> settings() {
        return List.of(STEPS, GRID);
      }

      @Override
      public Integrator create(Settings settings, ComponentContext context) {
        return make.apply(settings.get(STEPS), settings.get(GRID));
      }
    };
  }
}
