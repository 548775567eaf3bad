package io.driftkit.deterministic.integrate;

import io.driftkit.api.Integrator;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.integrate.ButcherTableau;
import io.driftkit.toolkit.integrate.IntegratorSettings;
import java.util.List;

/** The factories of the probability-flow ODE integrators. */
public final class OdeIntegrators {

  private OdeIntegrators() {}

  public static final Setting<Double> RTOL = Setting.real("rtol", 1e-5, "relative tolerance per step").greaterThan(0);
  public static final Setting<Double> ATOL = Setting.real("atol", 1e-5, "absolute tolerance per step").atLeast(0);
  public static final Setting<Integer> MAX_STEPS = Setting.integer("max-steps", 10_000,
      "budget of step attempts; exceeding it is an error").atLeast(1);

  public static ComponentFactory<Integrator> rungeKutta(ButcherTableau tableau) {
    return IntegratorSettings.fixedGrid("explicit Runge-Kutta ODE integrator '" + tableau.name() + "' (order "
        + tableau.order() + ", " + tableau.stages() + " NFE per step)",
        (steps, spacing) -> new FixedStepRungeKutta(tableau, steps, spacing));
  }

  /** {@code rk45}. */
  public static final class Rk45 implements ComponentFactory<Integrator> {
    @Override
    public String description() {
      return "adaptive Dormand-Prince 5(4) ODE integrator with rtol/atol error control";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(RTOL, ATOL, MAX_STEPS);
    }

    @Override
    public Integrator create(Settings settings, ComponentContext context) {
      return new DormandPrince45(settings.get(RTOL), settings.get(ATOL), settings.get(MAX_STEPS));
    }
  }
}
