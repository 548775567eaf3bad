package io.driftkit.control;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
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
    methods().bind("smc", SmcFactory.class);
  }
}
