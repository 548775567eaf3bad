package io.driftkit.bridge;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.PathWeights;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Simulates a bridge's two chains ({@link BridgeSteps}) under given fields and weights generated paths.
 *
 * <p>The generative chain is the backward one, {@code Y_0 ~ prior}, {@code Y_j = X_{K-j}}. Its paths carry the exact
 * discrete-time weight of REFERENCES.md §3 with the forward chain's kernels q in place of the reference's:
 * {@code log w = log rho(Y_K) + sum_j log q_{K-1-j}(Y_j | Y_{j+1}) - log prior(Y_0) - sum_j log p_j(Y_{j+1} | Y_j)}.
 * Each q is a normalised Gaussian density in Y_j, so {@code E[w] = Z} for any forward field (the reference when it
 * is null): the ELBO, importance-sampling log Z and ESS follow as for the control samplers.
 */
final class BridgeChains {

  private final BridgeSteps steps;
  private final Prior prior;
  private final Target target;
  private final int dim;

  BridgeChains(BridgeSteps steps, Prior prior, Target target) {
    this.steps = steps;
    this.prior = prior;
    this.target = target;
    this.dim = target.dim();
  }

  BridgeSteps steps() {
    return steps;
  }

  Prior prior() {
    return prior;
  }

  /**
   * The mean of forward step k at every row, {@code a_k x + c_k u_f(x, t_k)} ({@code forward} null: the reference).
   */
  INDArray forwardMean(DriftModel forward, INDArray x, int k) {
    INDArray mean = x.mul(steps.a(k));
    if (forward != null) {
      mean.addi(forward.evaluate(x, steps.time(k)).muli(steps.c(k)));
    }
    return mean;
  }

  /** The mean of backward step j at every row, {@code (y + v_k u_b(y, t_{k+1})) / a_k} with k = K - 1 - j. */
  INDArray backwardMean(DriftModel backward, INDArray y, int j) {
    int k = steps.forwardIndex(j);
    return backward.evaluate(y, steps.time(k + 1)).muli(steps.v(k)).addi(y).divi(steps.a(k));
  }

  /**
   * Simulated forward paths from {@code x0}: the states X_0..X_K and the means of every step at its start
   * (F_k(X_k), k = 0..K-1).
   */
  record Forward(List<INDArray> states, List<INDArray> means) {
    INDArray end() {
      return states.get(states.size() - 1);
    }
  }

  /** Runs the forward chain from {@code x0} under {@code forward} (null: the reference). */
  Forward forward(DriftModel forward, INDArray x0, RandomSource random) {
    List<INDArray> states = new ArrayList<>();
    List<INDArray> means = new ArrayList<>();
    INDArray x = x0;
    states.add(x);
    RandomSource noise = random.split("noise");
    for (int k = 0; k < steps.steps(); k++) {
      INDArray mean = forwardMean(forward, x, k);
      means.add(mean);
      x = mean.add(noise.normal(x.size(0), dim).muli(Math.sqrt(steps.v(k))));
      states.add(x);
    }
    return new Forward(states, means);
  }

  /**
   * Simulated backward paths: the states Y_0..Y_K when kept (else Y_0 and Y_K), the means of every step at its
   * start (when kept) and log w per path when a forward field is given for the weights.
   */
  record Backward(List<INDArray> states, List<INDArray> means, double[] logWeights) {
    INDArray end() {
      return states.get(states.size() - 1);
    }
  }

  /**
   * Runs the backward (generative) chain from {@code y0} under {@code backward}.
   *
   * @param weightsForward the forward field whose kernels weight the path (null: the reference)
   * @param weigh whether to accumulate log w (costs one forward-field call per step)
   * @param keep whether to keep every state and mean
   */
  Backward backward(DriftModel backward, DriftModel weightsForward, INDArray y0, RandomSource random,
      boolean weigh, boolean keep, StepObserver observer) {
    int n = (int) y0.size(0);
    double[] lw = weigh ? Rows.values(prior.logDensity(y0).negi()) : null;
    List<INDArray> states = new ArrayList<>();
    List<INDArray> means = new ArrayList<>();
    INDArray y = y0;
    states.add(y);
    RandomSource noise = random.split("noise");
    for (int j = 0; j < steps.steps(); j++) {
      int k = steps.forwardIndex(j);
      INDArray mean = backwardMean(backward, y, j);
      INDArray z = noise.normal(n, dim);
      INDArray next = mean.add(z.mul(Math.sqrt(steps.v(k))));
      if (weigh) {
        PathWeights.addStandardisedStep(lw, z, steps.v(k), -1);
        PathWeights.addGaussianStep(lw, y, forwardMean(weightsForward, next, k), steps.v(k), 1);
      }
      double s = steps.horizon() - steps.time(k + 1);
      double h = steps.time(k + 1) - steps.time(k);
      observer.onStep(new Step(j, s, h, y, next, mean, Math.sqrt(steps.v(k) / h), z));
      if (keep) {
        means.add(mean);
        states.add(next);
      }
      y = next;
    }
    if (!keep) {
      states.add(y);
    }
    if (weigh) {
      double[] logRho = Rows.values(target.logDensity(y));
      for (int i = 0; i < n; i++) {
        lw[i] += logRho[i];
      }
    }
    return new Backward(states, means, lw);
  }

  /**
   * log w of the generative chain along forward paths started at exact target samples: the forward chain's own
   * paths read backwards. Their mean is the EUBO, an upper bound on log Z in expectation.
   */
  double[] logWeightsOnForwardPaths(DriftModel backward, DriftModel forward, INDArray targetSamples,
      RandomSource random) {
    Forward paths = forward(forward, targetSamples, random);
    int kSteps = steps.steps();
    double[] lw = Rows.values(target.logDensity(targetSamples));
    double[] logPrior = Rows.values(prior.logDensity(paths.end()));
    for (int i = 0; i < lw.length; i++) {
      lw[i] -= logPrior[i];
    }
    for (int k = 0; k < kSteps; k++) {
      INDArray xk = paths.states().get(k);
      INDArray xk1 = paths.states().get(k + 1);
      PathWeights.addGaussianStep(lw, xk1, paths.means().get(k), steps.v(k), 1);
      PathWeights.addGaussianStep(lw, xk, backwardMean(backward, xk1, kSteps - 1 - k), steps.v(k), -1);
    }
    return lw;
  }
}
