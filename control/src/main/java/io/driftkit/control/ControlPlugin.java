package io.driftkit.control;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.control.langevin.LangevinFactory;
import io.driftkit.control.loss.LogVarianceLoss;
import io.driftkit.control.loss.PathKlLoss;
import io.driftkit.control.method.ControlMethod;
import io.driftkit.control.method.ControlMethodFactory;
import io.driftkit.control.smc.SmcFactory;

/** Registers the components of the `control` module. */
public final class ControlPlugin extends DriftkitPlugin {

  public ControlPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "control";
  }

  @Override
  protected void configure() {
    methods()
        .bind("dis", new ControlMethodFactory(ControlMethod.Family.DIS))
        .bind("pis", new ControlMethodFactory(ControlMethod.Family.PIS))
        .bind("dds", new ControlMethodFactory(ControlMethod.Family.DDS))
        .bind("smc", SmcFactory.class)
        .bind("langevin", LangevinFactory.class);
    losses()
        .bind("log-variance", new LogVarianceLoss.Factory())
        .bind("path-kl", new PathKlLoss.Factory());
  }
}
