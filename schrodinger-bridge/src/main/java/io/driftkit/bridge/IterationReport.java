package io.driftkit.bridge;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TrainingHost;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@code dsb} reports after each half of an IPF iteration, through the host: the phase's loss; after a
 * backward half the backward chain's samples against the target (Sinkhorn, MMD, moments) and its path weights
 * (ELBO, IS log Z, ESS); after a forward half (and for the reference, after iteration 1) the forward chain's end
 * against the prior; for a Gaussian target the distance to the closed-form bridge: the relative error of the
 * marginal covariance at the grid time nearest T/2, and the KL divergence per path between the learned chain's
 * kernels and those of the exact bridge's field along the simulated paths (a step whose mean is off by dm adds
 * {@code |dm|^2 / (2 v)}), which weighs each step by what it does to the path. Also checks
 * that the chain's samples are finite, so a network that diverged without a non-finite loss is caught.
 */
final class IterationReport {

  private static final int PROBE = 256;

  private final Components components;
  private final BridgeChains chains;
  private final TrainingHost host;
  private final TargetSide side;
  private final int n;
  private final RandomSource random;
  private final GaussianBridge oracle;

  IterationReport(Components components, BridgeChains chains, TrainingHost host, TargetSide side, int n,
      RandomSource random) {
    this.components = components;
    this.chains = chains;
    this.host = host;
    this.side = side;
    this.n = n;
    this.random = random;
    ForwardProcess forward = components.forward();
    this.oracle = components.target().mixture().filter(m -> m.components() == 1)
        .map(m -> OracleBridgeModel.bridge(m, forward, ((io.driftkit.toolkit.IsotropicGaussian) chains.prior())
            .variance())).orElse(null);
  }

  /** After the backward half of iteration {@code it}; false when its chain produced non-finite samples. */
  boolean afterBackward(int it, TrainingHost.Phase phase, DriftModel back, DriftModel weightsForward) {
    host.record(it, "loss_backward", phase.loss());
    RandomSource r = random.split("backward-" + it);
    int m = n > 0 ? n : PROBE;
    BridgeChains.Backward paths = chains.backward(back, weightsForward, chains.prior().sample(m, r.split("prior")),
        r, true, oracle != null && n > 0, StepObserver.NONE);
    if (!finite(paths.end())) {
      return false;
    }
    if (n == 0) {
      return true;
    }
    host.recordLogWeights(it, "weights", paths.logWeights());
    host.compare(it, "data_end", paths.end(), dataReference(r.split("reference")));
    if (oracle != null) {
      BridgeSteps s = chains.steps();
      int kMid = s.nearest(s.horizon() / 2);
      host.record(it, "oracle_cov_error", covarianceError(paths.states().get(s.steps() - kMid), s.time(kMid)));
      double kl = 0;
      for (int j = 0; j < s.steps(); j++) {
        int k = s.forwardIndex(j);
        double t = s.time(k + 1);
        INDArray y = paths.states().get(j);
        INDArray diff = back.evaluate(y, t).subi(oracle.backwardField(y, t));
        // the backward mean moves by v_k / a_k times the field
        kl += Rows.sum(diff.mul(diff)) * s.v(k) / (2 * s.a(k) * s.a(k)) / m;
      }
      host.record(it, "oracle_backward_kl", kl);
    }
    if (it == 1) {
      forwardEnd(1, null, r.split("reference-forward"));
    }
    return true;
  }

  /** After the forward half of iteration {@code it}; false when its chain produced non-finite samples. */
  boolean afterForward(int it, TrainingHost.Phase phase, DriftModel forward) {
    host.record(it, "loss_forward", phase.loss());
    return forwardEnd(it, forward, random.split("forward-" + it));
  }

  private boolean forwardEnd(int it, DriftModel forward, RandomSource r) {
    int m = n > 0 ? n : PROBE;
    BridgeChains.Forward paths = chains.forward(forward, side.draw(m, r.split("data")), r);
    if (!finite(paths.end())) {
      return false;
    }
    if (n == 0) {
      return true;
    }
    host.compare(it, "prior_end", paths.end(), chains.prior().sample(m, r.split("prior-reference")));
    if (oracle != null && forward != null) {
      BridgeSteps s = chains.steps();
      double kl = 0;
      for (int k = 0; k < s.steps(); k++) {
        INDArray x = paths.states().get(k);
        INDArray diff = forward.evaluate(x, s.time(k)).subi(oracle.forwardField(x, s.time(k)));
        // the forward mean moves by c_k times the field
        kl += Rows.sum(diff.mul(diff)) * s.c(k) * s.c(k) / (2 * s.v(k)) / m;
      }
      host.record(it, "oracle_forward_kl", kl);
    }
    return true;
  }

  /** Samples of the target side to measure the bridge's end against: exact ones where the target has a sampler. */
  private INDArray dataReference(RandomSource r) {
    return components.target().hasExactSampler() && !(side instanceof TargetSide.Pool) ? components.target()
        .sample(n, r) : side.draw(n, r);
  }

  /** {@code |Cov(x) - Sigma(t)|_F / |Sigma(t)|_F} with the oracle's covariance. */
  private double covarianceError(INDArray x, double t) {
    double[][] exact = oracle.covariance(t);
    double[][] cov = covariance(x);
    double num = 0;
    double den = 0;
    for (int i = 0; i < exact.length; i++) {
      for (int j = 0; j < exact.length; j++) {
        num += (cov[i][j] - exact[i][j]) * (cov[i][j] - exact[i][j]);
        den += exact[i][j] * exact[i][j];
      }
    }
    return Math.sqrt(num / den);
  }

  /** The sample covariance (divisor n - 1) of the rows of x. */
  static double[][] covariance(INDArray x) {
    int rows = (int) x.size(0);
    int d = (int) x.size(1);
    double[] v = Rows.values(x);
    double[] mean = new double[d];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < d; i++) {
        mean[i] += v[r * d + i] / rows;
      }
    }
    double[][] cov = new double[d][d];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          cov[i][j] += (v[r * d + i] - mean[i]) * (v[r * d + j] - mean[j]) / (rows - 1);
        }
      }
    }
    return cov;
  }

  private static boolean finite(INDArray x) {
    return Double.isFinite(x.sumNumber().doubleValue());
  }
}
