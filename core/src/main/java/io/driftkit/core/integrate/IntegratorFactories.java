package io.driftkit.core.integrate;

import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.function.BiFunction;

/** The factories of the built-in integrators and their config keys. */
public final class IntegratorFactories {

  private IntegratorFactories() {}

  public static final Setting<Integer> STEPS = Setting.integer("steps", 100, "number of steps").atLeast(1);
  public static final Setting<String> GRID = Setting.choice("grid", "uniform",
      "spacing of the time grid (in solver time)", "uniform", "quadratic", "cosine", "karras");
  public static final Setting<Double> RTOL = Setting.real("rtol", 1e-5, "relative tolerance per step").greaterThan(0);
  public static final Setting<Double> ATOL = Setting.real("atol", 1e-5, "absolute tolerance per step").atLeast(0);
  public static final Setting<Integer> MAX_STEPS = Setting.integer("max-steps", 10_000,
      "budget of step attempts; exceeding it is an error").atLeast(1);

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
        return make.apply(settings.get(STEPS), TimeGrid.Spacing.parse(settings.get(GRID)));
      }
    };
  }

  public static ComponentFactory<Integrator> eulerMaruyama() {
    return fixedGrid("Euler-Maruyama SDE integrator (weak order 1)", EulerMaruyama::new);
  }

  public static ComponentFactory<Integrator> stochasticHeun() {
    return fixedGrid("stochastic Heun SDE integrator (predictor-corrector, 2 NFE per step)", StochasticHeun::new);
  }

  public static ComponentFactory<Integrator> rungeKutta(ButcherTableau tableau) {
    return fixedGrid("explicit Runge-Kutta ODE integrator '" + tableau.name() + "' (order " + tableau.order()
        + ", " + tableau.stages() + " NFE per step)", (steps, spacing) -> new FixedStepRungeKutta(tableau, steps,
        spacing));
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
