package io.driftkit.control.langevin;

import io.driftkit.api.Components;
import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Unadjusted Langevin dynamics {@code dX = grad log pi(X) dt + sqrt(2) dW}, run as n independent chains by the
 * configured SDE integrator with step size h; with {@code mala} every Euler–Maruyama step is a proposal that a
 * Metropolis–Hastings filter accepts or rejects (MALA), which removes the discretisation bias.
 */
public final class LangevinMethod implements Method {

  /** Where the chains start. */
  public enum Init { NORMAL, BOX }

  private final double stepSize;
  private final boolean mala;
  private final Init init;
  private final double initScale;

  public LangevinMethod(double stepSize, boolean mala, Init init, double initScale) {
    this.stepSize = stepSize;
    this.mala = mala;
    this.init = init;
    this.initScale = initScale;
  }

  @Override
  public void validate(Components components) {
    Integrator integrator = components.requireIntegrator("langevin");
    if (integrator.kind() != Integrator.Kind.SDE) {
      throw new ConfigException("method 'langevin' needs an SDE integrator (key 'integrator'), but the configured"
          + " one is an ODE integrator");
    }
    if (mala && !integrator.eulerMaruyamaSteps()) {
      throw new ConfigException("method.mala = true needs Euler-Maruyama steps, whose proposal density is known;"
          + " set integrator = euler-maruyama");
    }
    if (!components.target().hasGradient()) {
      throw new ConfigException("method 'langevin' needs the gradient of the target's log density, which this"
          + " target does not provide (key 'target')");
    }
  }

  @Override
  public Sample sample(Components components, int n, RandomSource random, StepObserver observer) {
    Target target = components.target();
    Integrator integrator = components.integrator();
    TimeGrid grid = uniformGrid(integrator);
    INDArray x0 = start(target, n, random.split("init"));
    GradientCache gradient = new GradientCache(target);
    Dynamics dynamics = new Dynamics() {
      @Override
      public int dim() {
        return target.dim();
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return gradient.at(x);
      }

      @Override
      public double diffusion(double t) {
        return Math.sqrt(2);
      }
    };
    Map<String, Double> metrics = new HashMap<>();
    MetropolisFilter filter = mala ? new MetropolisFilter(target, gradient, x0, random.split("accept")) : null;
    StepObserver all = filter == null ? observer : filter.andThen(observer);
    Integrator.IntegrationResult result = integrator.integrate(dynamics, x0, grid, random.split("noise"), all);
    if (filter != null) {
      metrics.put("acceptance_rate", filter.acceptanceRate());
    }
    metrics.put("step_size", stepSize);
    return new Sample(result.state(), null, gradient.evaluations(), metrics);
  }

  /** The configured steps at spacing h: Langevin time is t = k h. */
  private TimeGrid uniformGrid(Integrator integrator) {
    int steps = integrator.grid(0, 1).steps();
    return TimeGrid.uniform(0, steps * stepSize, steps);
  }

  private INDArray start(Target target, int n, RandomSource random) {
    int d = target.dim();
    if (init == Init.NORMAL) {
      return random.normal(n, d).muli(initScale);
    }
    PlotBox box = target.plotBox();
    INDArray u = random.uniform(n, d);
    double[] lo = new double[d];
    double[] width = new double[d];
    for (int j = 0; j < d; j++) {
      boolean odd = j % 2 == 1;
      lo[j] = odd ? box.yMin() : box.xMin();
      width[j] = odd ? box.yMax() - box.yMin() : box.xMax() - box.xMin();
    }
    return u.muliRowVector(org.nd4j.linalg.factory.Nd4j.createFromArray(width))
        .addiRowVector(org.nd4j.linalg.factory.Nd4j.createFromArray(lo));
  }
}
