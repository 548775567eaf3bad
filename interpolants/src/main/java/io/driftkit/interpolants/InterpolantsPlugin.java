package io.driftkit.interpolants;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

/** Registers the components of the `interpolants` module. */
public final class InterpolantsPlugin extends DriftkitPlugin {

  public InterpolantsPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "interpolants";
  }

  @Override
  protected void configure() {
  }
}
