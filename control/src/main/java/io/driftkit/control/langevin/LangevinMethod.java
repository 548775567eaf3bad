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
    components.requireLogDensity("method 'langevin'");
    Integrator integrator = components.requireIntegrator("langevin");
    if (integrator.kind() != Integrator.Kind.SDE) {
      throw new ConfigException("method 'langevin' needs an SDE integrator (key 'integrator'), but the configured"
          + " one is an ODE integrator");
    }
    if (mala && integrator.gaussianKernels().isEmpty()) {
      throw new ConfigException("method.mala = true needs an integrator whose steps are Gaussian kernels, so the"
          + " proposal density is known (key 'integrator', e.g. euler-maruyama); the configured one has none");
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
    TimeGrid grid = langevinGrid(integrator, stepSize);
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
    MetropolisFilter filter = mala ? new MetropolisFilter(target, gradient, integrator.gaussianKernels().orElseThrow(),
        dynamics, x0, random.split("accept")) : null;
    StepObserver all = filter == null ? observer : filter.andThen(observer);
    Integrator.IntegrationResult result = integrator.integrate(dynamics, x0, grid, random.split("noise"), all);
    if (filter != null) {
      metrics.put("acceptance_rate", filter.acceptanceRate());
    }
    metrics.put("step_size", stepSize);
    return new Sample(result.state(), null, gradient.evaluations(), metrics);
  }

  /**
   * The integrator's grid over the Langevin time {@code K h} of its K steps: uniform steps of h by default, or the
   * spacing of {@code integrator.grid} (each step's length is then its own h, and MALA corrects each).
   */
  private static TimeGrid langevinGrid(Integrator integrator, double stepSize) {
    int steps = integrator.grid(0, 1).steps();
    return integrator.grid(0, steps * stepSize);
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
