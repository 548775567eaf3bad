package io.driftkit.api;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

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
   * {@code dX = [f - g^2 score / 2] dt}.
   */
  default Dynamics reverse(ScoreFunction score, int dim, boolean stochastic) {
    ForwardProcess forward = this;
    double scoreWeight = stochastic ? 1.0 : 0.5;
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
      public double diffusion(double s) {
        return stochastic ? forward.diffusion(forward.horizon() - s) : 0.0;
      }
    };
  }

  /** A score function s(x, t) = grad log p_t(x). */
  @FunctionalInterface
  interface ScoreFunction {
    /** The score of each row at time t ({@code [n, d]} to {@code [n, d]}); may return a fresh array only. */
    INDArray score(INDArray x, double t);
  }
}
