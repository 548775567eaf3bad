package io.driftkit.control.langevin;

import io.driftkit.api.Method;
import io.driftkit.api.Role;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.MethodFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Registers {@code langevin}: unadjusted Langevin dynamics, or MALA with {@code mala = true}. */
public final class LangevinFactory implements MethodFactory {

  static final Setting<Double> STEP_SIZE = Setting.real("step-size", 0.01,
      "time step h of the Langevin dynamics: the run lasts integrator.steps * h, spread by integrator.grid")
      .greaterThan(0);
  static final Setting<Boolean> MALA = Setting.bool("mala", false,
      "apply the Metropolis-Hastings correction to every step (MALA)");
  static final Setting<LangevinMethod.Init> INIT = Setting.choice("init", LangevinMethod.Init.NORMAL,
      "where chains start: normal = N(0, init-scale^2 I); box = uniform on the target's plot box"
          + " (x-range for even, y-range for odd coordinates)");
  static final Setting<Double> INIT_SCALE = Setting.real("init-scale", 1.0,
      "standard deviation of the normal start").greaterThan(0);

  @Override
  public String description() {
    return "unadjusted Langevin dynamics with optional Metropolis correction (MALA)";
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(STEP_SIZE, MALA, INIT, INIT_SCALE);
  }

  @Override
  public Set<Role> roles() {
    return Set.of(Role.INTEGRATOR);
  }

  @Override
  public Map<Role, String> defaults() {
    return Map.of(Role.INTEGRATOR, "euler-maruyama");
  }

  @Override
  public Method create(Settings settings, ComponentContext context) {
    return new LangevinMethod(settings.get(STEP_SIZE), settings.get(MALA),
        settings.get(INIT), settings.get(INIT_SCALE));
  }
}
