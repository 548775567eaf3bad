package io.driftkit.control.path;

import io.driftkit.api.Dynamics;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The discretised chains of DIS, PIS and DDS (docs/references.md §3) on a solver-time grid over [0, T]. */
public final class Chains {

  private static final double TOLERANCE = 1e-9;

  private Chains() {}

  /**
   * DIS: the reference runs the linear forward process's exact Gaussian transitions from the target side,
   * {@code Y_j | Y_{j+1} ~ N(kappa_j Y_{j+1}, V_j I)} with {@code kappa_j = alpha(t_j) / alpha(t_{j+1})},
   * {@code V_j = sigma(t_j)^2 - kappa_j^2 sigma(t_{j+1})^2}, {@code t = T - s}. The generative chain is the time
   * reversal {@code dY = [lambda Y + g^2 v] ds + g dW} stepped by the integrator's Gaussian kernels. Its default,
   * the ancestral step {@code Y_{j+1} = (Y_j + V_j v) / kappa_j + sqrt(V_j) Z}, has the exact backward mean when the
   * target is Gaussian and v its exact noised score, and the exact backward variance when the forward marginals have
   * unit variance (VP's stationary law). Plain Euler–Maruyama, with g taken at one end of the step, mismatches the
   * reference variance by a factor beta(t_j) / mean(beta) that stays large near t = 0 for VP, and the log weights'
   * variance converges far more slowly.
   */
  public static PathChain dis(ForwardProcess forward, TimeGrid grid, int dim, Integrator.GaussianKernels steps) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow(() -> new ConfigException(
        "method 'dis' needs a linear forward process with closed-form marginals (key 'forward', e.g. vp)"));
    double total = forward.horizon();
    int k = grid.steps();
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      double t = total - grid.time(j);
      double tNext = Math.max(0, total - grid.time(j + 1));
      kappa[j] = lin.alpha(t) / lin.alpha(tNext);
      double sNext = lin.sigma(tNext);
      var[j] = lin.sigma(t) * lin.sigma(t) - kappa[j] * kappa[j] * sNext * sNext;
    }
    // the generative dynamics without the control: its linear part and noise are all a Gaussian kernel depends on
    Dynamics reversal = forward.reverse((x, t) -> x.mul(0), dim, true);
    Generative gen = generative(reversal, grid, steps);
    return new PathChain(grid.times(), gen.a, gen.c, gen.std, kappa, var, true, Double.NaN, forward.prior(dim));
  }

  /** The per-step coefficients of the generative chain {@code Y' = a Y + c v(Y) + std Z}. */
  private record Generative(double[] a, double[] c, double[] std) {}

  /**
   * The integrator's kernel at every step of the controlled dynamics {@code dY = [rate Y + g^2 v] ds + g dW}: the
   * control enters the drift's remainder as {@code g(s)^2 v}, so its weight is the kernel's c times g(s_j)^2.
   */
  private static Generative generative(Dynamics uncontrolled, TimeGrid grid, Integrator.GaussianKernels steps) {
    int k = grid.steps();
    double[] a = new double[k];
    double[] c = new double[k];
    double[] std = new double[k];
    for (int j = 0; j < k; j++) {
      double s = grid.time(j);
      Integrator.Kernel kernel = steps.kernel(uncontrolled, s, grid.step(j));
      double g = uncontrolled.diffusion(s);
      a[j] = kernel.a();
      c[j] = kernel.c() * g * g;
      std[j] = Math.sqrt(kernel.variance());
    }
    return new Generative(a, c, std);
  }

  /**
   * The coefficient of x in DIS's base control, {@code -1 / (alpha(t)^2 v + sigma(t)^2)}: the score of the forward
   * marginals when the target is the process's own stationary law N(0, v I), so an untrained network leaves the
   * prior in place. See {@link #stationaryVariance}.
   */
  public static double[] disBase(ForwardProcess forward, TimeGrid grid) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow();
    double v = stationaryVariance(forward);
    double[] base = new double[grid.steps()];
    for (int j = 0; j < base.length; j++) {
      double t = forward.horizon() - grid.time(j);
      double alpha = lin.alpha(t);
      double sigma = lin.sigma(t);
      base[j] = -1 / (alpha * alpha * v + sigma * sigma);
    }
    return base;
  }

  /**
   * The variance v of the law N(0, v I) that a linear forward process keeps unchanged,
   * {@code sigma(T)^2 / (1 - alpha(T)^2)} (VP, OU: exact at every t); 1 for processes without contraction (VE).
   */
  public static double stationaryVariance(ForwardProcess forward) {
    ForwardProcess.LinearMarginals lin = forward.linear().orElseThrow();
    double alpha = lin.alpha(forward.horizon());
    double sigma = lin.sigma(forward.horizon());
    return alpha < 1 - 1e-9 ? sigma * sigma / (1 - alpha * alpha) : 1;
  }

  /**
   * PIS: {@code Y_0 = 0}, {@code dY = sigma^2 v ds + sigma dW} stepped by the integrator's kernels (Euler–Maruyama:
   * {@code Y_{j+1} = Y_j + h sigma^2 v + sigma sqrt(h) Z}); reference: Brownian motion {@code sigma W} from 0, whose
   * marginal at T is {@code N(0, sigma^2 T)}.
   */
  public static PathChain pis(ForwardProcess forward, TimeGrid grid, Integrator.GaussianKernels steps) {
    double sigma = constantDiffusion(forward, grid, "pis", "scaled-bm");
    ForwardProcess.LinearMarginals lin = forward.linear().orElse(null);
    if (lin == null || !constant(grid, lin::driftRate, 0)) {
      throw new ConfigException("method 'pis' needs a driftless Brownian reference (key 'forward' = scaled-bm)");
    }
    int k = grid.steps();
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      kappa[j] = 1;
      var[j] = sigma * sigma * grid.step(j);
    }
    Dynamics brownian = new Dynamics() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return x.mul(0);
      }

      @Override
      public double diffusion(double t) {
        return sigma;
      }
    };
    Generative gen = generative(brownian, grid, steps);
    double horizon = grid.end() - grid.start();
    return new PathChain(grid.times(), gen.a, gen.c, gen.std, kappa, var, false, sigma * sigma * horizon, null);
  }

  /**
   * DDS: the Ornstein–Uhlenbeck reference {@code dX = -theta X dt + g dW} started in its stationary law
   * {@code N(0, s2)}, {@code s2 = g^2 / (2 theta)}, with the exact OU transition as reference kernel; the generative
   * chain {@code dY = [-theta Y + g^2 v] ds + g dW} is stepped by the integrator's kernels. Its default, the
   * exponential integrator, gives {@code Y_{j+1} = e^{-theta h} Y_j + 2 s2 (1 - e^{-theta h}) v + sqrt(s2 (1 -
   * e^{-2 theta h})) Z}, whose noise is the reference's own.
   */
  public static PathChain dds(ForwardProcess forward, TimeGrid grid, int dim, Integrator.GaussianKernels steps) {
    double g = constantDiffusion(forward, grid, "dds", "ou");
    ForwardProcess.LinearMarginals lin = forward.linear().orElse(null);
    double theta = lin == null ? Double.NaN : lin.driftRate(grid.start());
    if (lin == null || !(theta > 0) || !constant(grid, lin::driftRate, theta)) {
      throw new ConfigException("method 'dds' needs an Ornstein-Uhlenbeck forward process with a constant"
          + " positive rate (key 'forward' = ou)");
    }
    double s2 = g * g / (2 * theta);
    int k = grid.steps();
    double[] kappa = new double[k];
    double[] var = new double[k];
    for (int j = 0; j < k; j++) {
      double decay = Math.exp(-theta * grid.step(j));
      var[j] = s2 * (1 - decay * decay);
      kappa[j] = decay;
    }
    Generative gen = generative(new OrnsteinUhlenbeckDynamics(theta, g, s2, dim), grid, steps);
    return new PathChain(grid.times(), gen.a, gen.c, gen.std, kappa, var, false, s2, new GaussianPrior(dim, s2));
  }

  /** {@code dY = -theta Y ds + g dW}, with its linear part in closed form. */
  private record OrnsteinUhlenbeckDynamics(double theta, double g, double s2, int dim) implements Dynamics {
    @Override
    public INDArray drift(INDArray x, double t) {
      return x.mul(-theta);
    }

    @Override
    public double diffusion(double t) {
      return g;
    }

    @Override
    public Optional<LinearPart> linearPart() {
      return Optional.of(new LinearPart() {
        @Override
        public double rate(double t) {
          return -theta;
        }

        @Override
        public double growth(double t, double h) {
          return Math.exp(-theta * h);
        }

        @Override
        public double remainderWeight(double t, double h) {
          return (1 - Math.exp(-theta * h)) / theta;
        }

        @Override
        public double noiseVariance(double t, double h) {
          double decay = Math.exp(-theta * h);
          return s2 * (1 - decay * decay);
        }
      });
    }
  }

  private static double constantDiffusion(ForwardProcess forward, TimeGrid grid, String method, String expected) {
    double g = forward.diffusion(grid.start());
    if (!(g > 0) || !constant(grid, forward::diffusion, g)) {
      throw new ConfigException("method '" + method + "' needs a forward process with constant diffusion (key"
          + " 'forward' = " + expected + ")");
    }
    return g;
  }

  private static boolean constant(TimeGrid grid, java.util.function.DoubleUnaryOperator f, double value) {
    for (double t : grid.times()) {
      if (Math.abs(f.applyAsDouble(t) - value) > TOLERANCE * (1 + Math.abs(value))) {
        return false;
      }
    }
    return true;
  }
}
