package io.driftkit.sde;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

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
  }
}
