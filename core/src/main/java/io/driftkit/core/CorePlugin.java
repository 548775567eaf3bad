package io.driftkit.core;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.core.langevin.LangevinFactory;

/** Core's own methods. */
public final class CorePlugin extends DriftkitPlugin {

  public CorePlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "core";
  }

  @Override
  protected void configure() {
    methods().bind("langevin", LangevinFactory.class);
  }
}
