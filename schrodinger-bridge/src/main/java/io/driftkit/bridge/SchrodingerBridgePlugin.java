package io.driftkit.bridge;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

/** Registers the components of the `schrodinger-bridge` module. */
public final class SchrodingerBridgePlugin extends DriftkitPlugin {

  public SchrodingerBridgePlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "schrodinger-bridge";
  }

  @Override
  protected void configure() {
    methods().bind("dsb", new DsbFactory());
    models().bind("oracle-bridge", new OracleBridgeModel.Factory());
  }
}
