package io.driftkit.interpolants;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.interpolants.field.OracleInterpolantModel;
import io.driftkit.interpolants.loss.LossFactories;
import io.driftkit.interpolants.method.InterpolantMethodFactory;
import io.driftkit.interpolants.path.InterpolantFactories;

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
    interpolants()
        .bind("linear", InterpolantFactories.linear())
        .bind("trigonometric", InterpolantFactories.trigonometric())
        .bind("encoder-decoder", InterpolantFactories.encoderDecoder())
        .bind("one-sided", InterpolantFactories.oneSided())
        .bind("mirror", InterpolantFactories.mirror());
    losses()
        .bind("velocity", LossFactories.velocity())
        .bind("score", LossFactories.score())
        .bind("denoiser", LossFactories.denoiser())
        .bind("velocity-score", new LossFactories.Pair());
    models().bind("oracle-interpolant", new OracleInterpolantModel.Factory());
    methods().bind("interpolant", new InterpolantMethodFactory());
  }
}
