package io.driftkit.deterministic;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.deterministic.integrate.OdeIntegrators;
import io.driftkit.deterministic.oracle.OracleFactories;
import io.driftkit.deterministic.sampler.SamplerFactories;
import io.driftkit.toolkit.integrate.ButcherTableau;

/** Registers the components of the `deterministic-samplers` module. */
public final class DeterministicSamplersPlugin extends DriftkitPlugin {

  public DeterministicSamplersPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "deterministic-samplers";
  }

  @Override
  protected void configure() {
    integrators()
        .bind("euler", OdeIntegrators.rungeKutta(ButcherTableau.EULER))
        .bind("heun", OdeIntegrators.rungeKutta(ButcherTableau.HEUN))
        .bind("rk4", OdeIntegrators.rungeKutta(ButcherTableau.RK4))
        .bind("rk45", new OdeIntegrators.Rk45())
        .bind("ddim", new SamplerFactories.DdimFactory())
        .bind("edm", new SamplerFactories.EdmFactory())
        .bind("dpm-solver", new SamplerFactories.DpmSolverFactory())
        .bind("rd", new SamplerFactories.RdFactory());
    models().bind("oracle-fp-score", new OracleFactories.FokkerPlanckOracle());
  }
}
