package io.driftkit.api;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reference or noising SDE {@code dX = f(X, t) dt + g(t) dW} on {@code [0, T]}.
 *
 * <p>Linear processes ({@code f(x, t) = -lambda(t) x}) also expose their Gaussian marginals
 * {@code X_t | X_0 ~ N(alpha(t) X_0, sigma(t)^2 I)} through {@link #linear()}.
 */
public interface ForwardProcess {

  /** The horizon T. */
  double horizon();

  /** The drift f(x, t) of each row ({@code [n, d]} to {@code [n, d]}). */
  INDArray drift(INDArray x, double t);

  /** The scalar diffusion coefficient g(t). */
  double diffusion(double t);

  /** The closed-form marginals, present exactly when the drift is linear in x. */
  default Optional<LinearMarginals> linear() {
    return Optional.empty();
  }

  /** The distribution the process reaches (approximately) at time T: where generation starts. */
  Prior prior(int dim);

  /**
   * The divergence {@code div f(x, t)} of the drift, where the process knows it in closed form: the Fokker–Planck
   * equation of the marginals needs it. Linear processes have {@code -lambda(t) d}; a process with a non-linear drift
   * overrides this.
   */
  default Optional<DriftDivergence> driftDivergence() {
    return linear().map(lin -> (x, t) -> {
      double[] div = new double[Math.toIntExact(x.size(0))];
      java.util.Arrays.fill(div, -lin.driftRate(t) * x.size(1));
      return Nd4j.createFromArray(div);
    });
  }

  /** {@code div f(x, t)} of each row ({@code [n, d]} to a fresh float64 {@code [n]}). */
  @FunctionalInterface
  interface DriftDivergence {
    INDArray at(INDArray x, double t);
  }

  /** Marginal coefficients of a linear forward process. */
  interface LinearMarginals {
    /** alpha(t): the mean of X_t given X_0 is alpha(t) X_0. */
    double alpha(double t);

    /** sigma(t): the standard deviation of X_t given X_0. */
    double sigma(double t);

    /** lambda(t) in the drift f(x, t) = -lambda(t) x. */
    double driftRate(double t);
  }

  /**
   * The generative dynamics in solver time {@code s = T - t} (so the time grid runs forwards): the reverse SDE
   * {@code dX = [f - g^2 score] dt + g dW-bar} when {@code stochastic}, else the probability-flow ODE
   * {@code dX = [f - g^2 score / 2] dt}. For a linear process the drift's linear part {@code lambda(T - s) x} is
   * exposed with its exact step solution from {@code alpha} and {@code sigma}, so exponential integrators (and the
   * DDPM ancestral step) can solve it; the remainder is {@code g^2 score} (ODE: {@code g^2 score / 2}). The result
   * also exposes this process and the score as its {@link Dynamics#reversal()}.
   */
  default Dynamics reverse(ScoreFunction score, int dim, boolean stochastic) {
    ForwardProcess forward = this;
    double scoreWeight = stochastic ? 1.0 : 0.5;
    Optional<Dynamics.LinearPart> linearPart = linear().map(lin -> new ReversedLinearPart(forward, lin, stochastic));
    Optional<Dynamics.Reversal> reversal = Optional.of(new Dynamics.Reversal(forward, score));
    return new Dynamics() {
      @Override
      public int dim() {
        return dim;
      }

      @Override
      public INDArray drift(INDArray x, double s) {
        double t = forward.horizon() - s;
        double g = forward.diffusion(t);
        INDArray result = score.score(x, t).muli(g * g * scoreWeight);
        return result.subi(forward.drift(x, t));
      }

      @Override
      public INDArray remainder(INDArray x, double s) {
        if (linearPart.isEmpty()) {
          return drift(x, s);
        }
        double t = forward.horizon() - s;
        double g = forward.diffusion(t);
        return score.score(x, t).muli(g * g * scoreWeight);
      }

      /**
       * The remainder minus f = -lambda x for a linear process (the contract of {@link LinearMarginals}); other
       * processes through the arrays.
       */
      @Override
      public void drift(double[] x, int n, double s, double[] out) {
        Optional<LinearMarginals> lin = forward.linear();
        if (lin.isEmpty()) {
          Dynamics.super.drift(x, n, s, out);
          return;
        }
        remainder(x, n, s, out);
        double rate = lin.get().driftRate(forward.horizon() - s);
        for (int i = 0; i < n * dim; i++) {
          out[i] -= x[i] * -rate;
        }
      }

      @Override
      public void remainder(double[] x, int n, double s, double[] out) {
        if (linearPart.isEmpty()) {
          Dynamics.super.remainder(x, n, s, out);
          return;
        }
        double t = forward.horizon() - s;
        double g = forward.diffusion(t);
        double weight = g * g * scoreWeight;
        score.score(x, n, dim, t, out);
        for (int i = 0; i < n * dim; i++) {
          out[i] *= weight;
        }
      }

      @Override
      public double diffusion(double s) {
        return stochastic ? forward.diffusion(forward.horizon() - s) : 0.0;
      }

      @Override
      public Optional<Dynamics.LinearPart> linearPart() {
        return linearPart;
      }

      @Override
      public Optional<Dynamics.Reversal> reversal() {
        return reversal;
      }
    };
  }

  /**
   * The linear part of the reversal of a linear process in solver time: rate {@code lambda(T - s)}; over a step
   * from s to s + h (forward times t = T - s down to t' = T - s - h) it carries Y by
   * {@code alpha(t') / alpha(t)} and adds the variance {@code (sigma(t)^2 - kappa^2 sigma(t')^2) / kappa^2} with
   * {@code kappa = alpha(t) / alpha(t')}, the forward kernel's variance seen from the other end.
   */
  record ReversedLinearPart(ForwardProcess forward, LinearMarginals lin, boolean stochastic)
      implements Dynamics.LinearPart {

    @Override
    public double rate(double s) {
      return lin.driftRate(forward.horizon() - s);
    }

    @Override
    public double growth(double s, double h) {
      double t = forward.horizon() - s;
      return lin.alpha(Math.max(0, t - h)) / lin.alpha(t);
    }

    @Override
    public double remainderWeight(double s, double h) {
      // int_s^{s+h} growth(u, s + h - u) du by 8-point Gauss-Legendre: the integrand is smooth and positive
      double sum = 0;
      for (int i = 0; i < GAUSS_NODES.length; i++) {
        double u = s + 0.5 * h * (1 + GAUSS_NODES[i]);
        sum += GAUSS_WEIGHTS[i] * growth(u, s + h - u);
      }
      return 0.5 * h * sum;
    }

    @Override
    public double noiseVariance(double s, double h) {
      if (!stochastic) {
        return 0;
      }
      double t = forward.horizon() - s;
      double tNext = Math.max(0, t - h);
      double kappa = lin.alpha(t) / lin.alpha(tNext);
      double sigma = lin.sigma(t);
      double sigmaNext = lin.sigma(tNext);
      return (sigma * sigma - kappa * kappa * sigmaNext * sigmaNext) / (kappa * kappa);
    }

    private static final double[] GAUSS_NODES = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290,
        -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    private static final double[] GAUSS_WEIGHTS = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873,
        0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};
  }

  /** A score function s(x, t) = grad log p_t(x). */
  @FunctionalInterface
  interface ScoreFunction {
    /** The score of each row at time t ({@code [n, d]} to {@code [n, d]}); may return a fresh array only. */
    INDArray score(INDArray x, double t);

    /**
     * The score at the n rows of dimension d of {@code x} (row-major float64) into {@code out}: what a sampler's
     * loop calls once per step. The default goes through {@link #score(INDArray, double)}.
     */
    default void score(double[] x, int n, int d, double t, double[] out) {
      RowCalls.viaArrays(this, x, n, d, rows -> score(rows, t), out);
    }

    /** A model's output read as the score, row-array calls included (no array copies when the model has them). */
    static ScoreFunction of(DriftModel model) {
      return new ScoreFunction() {
        @Override
        public INDArray score(INDArray x, double t) {
          return model.evaluate(x, t);
        }

        @Override
        public void score(double[] x, int n, int d, double t, double[] out) {
          model.evaluate(x, n, t, out);
        }
      };
    }
  }
}
