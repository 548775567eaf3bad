package io.driftkit.models;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

/** Registers the drift models: the networks, the exact score oracle and zero. */
public final class ModelsPlugin extends DriftkitPlugin {

  public ModelsPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "models";
  }

  @Override
  protected void configure() {
    models()
        .bind("mlp", new ModelFactories.Mlp())
        .bind("mlp-grad", new ModelFactories.MlpGrad())
        .bind("oracle-score", new ModelFactories.OracleScore())
        .bind("zero", new ModelFactories.Zero());
  }
}
