package org.example.banana;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

/** Registers the plugin's components by name. */
public final class BananaPlugin extends DriftkitPlugin {

  public BananaPlugin() {
    super(SpiVersion.CURRENT); // the SPI version is compiled into the plugin
  }

  @Override
  public String moduleName() {
    return "banana-plugin";
  }

  @Override
  protected void configure() {
    targets().bind("wide-gaussian", new WideGaussian.Factory());
    integrators().bind("ralston", RalstonIntegrator.factory());
    integrators().bind("midpoint-em", MidpointEulerMaruyama.factory());
  }
}
