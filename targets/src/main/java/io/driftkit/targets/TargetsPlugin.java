package io.driftkit.targets;

import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;

/** Registers the components of the `targets` module. */
public final class TargetsPlugin extends DriftkitPlugin {

  public TargetsPlugin() {
    super(SpiVersion.CURRENT);
  }

  @Override
  public String moduleName() {
    return "targets";
  }

  @Override
  protected void configure() {
    targets()
        .bind("gaussian", new GaussianTarget.Factory())
        .bind("gmm-grid", new GridMixtures.Grid9())
        .bind("gmm-25", new GridMixtures.Grid25())
        .bind("funnel", new FunnelTarget.Factory())
        .bind("many-well", new ManyWellTarget.Factory())
        .bind("double-well", new DoubleWellTarget.Factory())
        .bind("rosenbrock", new RosenbrockTarget.Factory())
        .bind("gmm-40", new Gmm40Target.Factory())
        .bind("logreg-ionosphere", new LogisticRegressionTarget.Factory(LogisticRegressionTarget.IONOSPHERE))
        .bind("logreg-sonar", new LogisticRegressionTarget.Factory(LogisticRegressionTarget.SONAR))
        .bind("logreg-credit", new LogisticRegressionTarget.Factory(LogisticRegressionTarget.CREDIT))
        .bind("lgcp", new LgcpTarget.Factory())
        .bind("circles", new CirclesTarget.Factory())
        .bind("checkerboard", new CheckerboardTarget.Factory())
        .bind("blob", new BlobTarget.Factory())
        .bind("two-moons", new TwoMoonsTarget.Factory())
        .bind("swiss-roll", new SwissRollTarget.Factory());
  }
}
