package io.driftkit.toolkit.diffusion;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.ForwardProcess.LinearMarginals;
import io.driftkit.api.ForwardProcess.ScoreFunction;
import io.driftkit.api.Prediction;
import io.driftkit.toolkit.integrate.ArrayOps;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one place where the parametrisations of a denoising model ({@link Prediction}) are converted. Under a linear
 * process {@code X_t = alpha X_0 + sigma Z} each is an affine function of the score at the same (x, t):
 * {@code eps = -sigma s}, {@code x0 = (x + sigma^2 s) / alpha} (Tweedie), {@code v = alpha eps - sigma x0}; so
 * {@code score = a output + b x} with (a, b) from {@link #toScore}. Samplers convert the score into what their update
 * needs with {@link #data} and {@link #noise}.
 */
public final class Predictions {

  private Predictions() {}

  /**
   * {@code score = a output + b x}: the affine map from a model's output to the score at one time, and back.
   *
   * @param a the weight of the output
   * @param b the weight of the state
   */
  public record Affine(double a, double b) {

    /** The score from a model output (a fresh array). */
    public INDArray score(INDArray output, INDArray x) {
      INDArray s = a == 1 ? output.dup() : output.mul(a);
      ArrayOps.axpy(b, x, s);
      return s;
    }

    /** The model output that has this score (a fresh array). */
    public INDArray output(INDArray score, INDArray x) {
      INDArray m = score.dup();
      ArrayOps.axpy(-b, x, m);
      return a == 1 ? m : m.divi(a);
    }

    /** The model output that has this score, on row arrays of equal length, into {@code out}. */
    public void output(double[] score, double[] x, double[] out) {
      for (int i = 0; i < out.length; i++) {
        double m = b == 0 ? score[i] : score[i] + -b * x[i];
        out[i] = a == 1 ? m : m / a;
      }
    }
  }

  /** The map from a {@code prediction} to the score at a time with marginal coefficients alpha and sigma > 0. */
  public static Affine toScore(Prediction prediction, double alpha, double sigma) {
    if (prediction != Prediction.SCORE && !(sigma > 0 && alpha > 0)) {
      throw new IllegalArgumentException("converting a '" + name(prediction) + "' prediction needs alpha > 0 and"
          + " sigma > 0, got alpha = " + alpha + ", sigma = " + sigma);
    }
    return switch (prediction) {
      case SCORE -> new Affine(1, 0);
      case EPS -> new Affine(-1 / sigma, 0);
      case X0 -> new Affine(alpha / (sigma * sigma), -1 / (sigma * sigma));
      case V -> {
        double norm = alpha * alpha + sigma * sigma;
        // eps = (sigma x + alpha v) / norm and score = -eps / sigma
        yield new Affine(-alpha / (sigma * norm), -1 / norm);
      }
    };
  }

  /**
   * The score of a model of the given parametrisation under {@code forward}: the model itself for {@code score},
   * else converted with the process's marginals at each call.
   *
   * @throws IllegalArgumentException when the parametrisation needs closed-form marginals the process lacks
   */
  public static ScoreFunction score(ScoreFunction model, Prediction prediction, ForwardProcess forward) {
    if (prediction == Prediction.SCORE) {
      return model;
    }
    LinearMarginals lin = forward.linear().orElseThrow(() -> new IllegalArgumentException("a '" + name(prediction)
        + "' prediction is defined through the closed-form marginals X_t = alpha X_0 + sigma Z of a linear forward"
        + " process, which this forward process does not have; only 'score' models can drive it"));
    return (x, t) -> toScore(prediction, lin.alpha(t), lin.sigma(t)).score(model.score(x, t), x);
  }

  /** The data prediction {@code E[X_0 | x] = (x + sigma^2 s) / alpha} from a score s (a fresh array). */
  public static INDArray data(INDArray x, INDArray score, double alpha, double sigma) {
    return toScore(Prediction.X0, alpha, sigma).output(score, x);
  }

  /** {@link #data(INDArray, INDArray, double, double)} on row arrays of equal length, into {@code out}. */
  public static void data(double[] x, double[] score, double alpha, double sigma, double[] out) {
    toScore(Prediction.X0, alpha, sigma).output(score, x, out);
  }

  /** The noise prediction {@code E[Z | x] = -sigma s} from a score s (a fresh array). */
  public static INDArray noise(INDArray score, double sigma) {
    return score.mul(-sigma);
  }

  /** How a parametrisation is written in a config file. */
  public static String name(Prediction prediction) {
    return prediction.name().toLowerCase(Locale.ROOT);
  }
}
