package io.driftkit.core;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.integrate.EulerMaruyama;
import java.util.List;

/** The built-in numerics: integrators and drift models. */
public final class NumericsPlugin extends DriftkitPlugin {

  public NumericsPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "core";
  }

  @Override
  protected void configure() {
    integrators().bind("euler-maruyama", new EulerMaruyamaFactory());
  }

  static final Setting<Integer> STEPS = Setting.integer("steps", 100, "number of steps").atLeast(1);
  static final Setting<String> GRID = Setting.choice("grid", "uniform", "spacing of the time grid",
      "uniform", "quadratic", "cosine", "karras");

  static final class EulerMaruyamaFactory implements ComponentFactory<Integrator> {
    @Override
    public String description() {
      return "Euler-Maruyama SDE integrator (weak order 1)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(STEPS, GRID);
    }

    @Override
    public Integrator create(Settings settings, ComponentContext context) {
      return new EulerMaruyama(settings.get(STEPS), TimeGrid.Spacing.parse(settings.get(GRID)));
    }
  }
}
