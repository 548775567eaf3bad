package io.driftkit.sde;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.sde.forward.ForwardProcessFactories;
import io.driftkit.sde.integrate.SdeIntegrators;

/** Registers the components of the `sde-forward` module. */
public final class SdeForwardPlugin extends DriftkitPlugin {

  public SdeForwardPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "sde-forward";
  }

  @Override
  protected void configure() {
    forwardProcesses()
        .bind("vp", new ForwardProcessFactories.Vp())
        .bind("sub-vp", new ForwardProcessFactories.SubVp())
        .bind("ve", new ForwardProcessFactories.Ve())
        .bind("ou", new ForwardProcessFactories.Ou())
        .bind("scaled-bm", new ForwardProcessFactories.ScaledBm())
        .bind("tanh", new ForwardProcessFactories.Tanh());
    integrators()
        .bind("euler-maruyama", SdeIntegrators.eulerMaruyama())
        .bind("stochastic-heun", SdeIntegrators.stochasticHeun())
        .bind("exponential", SdeIntegrators.exponential())
        .bind("ancestral", SdeIntegrators.ancestral());
    losses().bind("dsm", new DenoisingScoreMatching.Factory())
        .bind("dsm-fp", new FokkerPlanckDsm.Factory());
    methods().bind("score-sde", new ScoreSdeMethod.Factory());
  }
}
