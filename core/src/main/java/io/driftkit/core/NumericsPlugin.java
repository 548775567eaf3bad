package io.driftkit.core;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.integrate.ButcherTableau;
import io.driftkit.core.integrate.IntegratorFactories;
import io.driftkit.core.model.ModelFactories;

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
    integrators()
        .bind("euler-maruyama", IntegratorFactories.eulerMaruyama())
        .bind("stochastic-heun", IntegratorFactories.stochasticHeun())
        .bind("euler", IntegratorFactories.rungeKutta(ButcherTableau.EULER))
        .bind("heun", IntegratorFactories.rungeKutta(ButcherTableau.HEUN))
        .bind("rk4", IntegratorFactories.rungeKutta(ButcherTableau.RK4))
        .bind("rk45", new IntegratorFactories.Rk45());
    models()
        .bind("mlp", new ModelFactories.Mlp())
        .bind("mlp-grad", new ModelFactories.MlpGrad())
        .bind("oracle-score", new ModelFactories.OracleScore())
        .bind("zero", new ModelFactories.Zero());
  }
}
