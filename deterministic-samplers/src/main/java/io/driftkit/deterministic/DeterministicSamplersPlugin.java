package io.driftkit.deterministic;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

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
  }
}
