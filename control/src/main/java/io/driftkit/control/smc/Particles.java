package io.driftkit.control.smc;

import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;

/**
 * The particle cloud as row-major {@code double[]} with the target's log density and gradient cached at every
 * particle, and the annealed density {@code pi_beta = N(0, s^2 I)^(1 - beta) rho^beta} evaluated from the cache.
 * The reference N(0, s^2 I) is normalised, so the normaliser of pi_1 = rho is the Z the sampler estimates.
 */
final class Particles {

  final int n;
  final int d;
  final double scale;
  double[] x;
  double[] logRho;
  double[] gradRho;
  private long gradientEvaluations;

  Particles(int n, int d, double scale) {
    this.n = n;
    this.d = d;
    this.scale = scale;
  }

  /** Sets the positions and evaluates the target at them. */
  void reset(double[] positions, Target target) {
    Evaluation e = evaluate(target, positions);
    x = positions;
    logRho = e.logRho;
    gradRho = e.gradRho;
  }

  /** The target's log density and gradient at {@code positions} (one batched call each). */
  Evaluation evaluate(Target target, double[] positions) {
    var batch = Rows.matrix(positions, n, d);
    double[] lr = Rows.values(target.logDensity(batch));
    double[] g = Rows.values(target.gradLogDensity(batch));
    gradientEvaluations++;
    return new Evaluation(lr, g);
  }

  /** The target's gradient only, at {@code positions} (HMC's inner leapfrog steps need no density). */
  double[] gradient(Target target, double[] positions) {
    gradientEvaluations++;
    return Rows.values(target.gradLogDensity(Rows.matrix(positions, n, d)));
  }

  /** log N(y; 0, s^2 I) of the d coordinates of {@code y} starting at {@code off}. */
  double logReference(double[] y, int off) {
    double sq = 0;
    for (int j = 0; j < d; j++) {
      sq += y[off + j] * y[off + j];
    }
    return -0.5 * sq / (scale * scale) - 0.5 * d * Math.log(2 * Math.PI * scale * scale);
  }

  /** log pi_beta at particle i of {@code y} given the target's log density there. */
  double logAnnealed(double beta, double[] y, int i, double logRhoY) {
    // beta = 1 must not touch the reference term, so that an infinite log rho elsewhere stays harmless
    double ref = beta == 1 ? 0 : (1 - beta) * logReference(y, i * d);
    return ref + (beta == 0 ? 0 : beta * logRhoY);
  }

  /** grad log pi_beta, coordinate k of {@code y}, given the target's gradient there. */
  double gradAnnealed(double beta, double[] y, double[] gradRhoY, int k) {
    return -(1 - beta) * y[k] / (scale * scale) + beta * gradRhoY[k];
  }

  /** grad log pi_beta at every coordinate of {@code y}, given the target's gradient there. */
  double[] gradAnnealed(double beta, double[] y, double[] gradRhoY) {
    double[] g = new double[y.length];
    for (int k = 0; k < y.length; k++) {
      g[k] = gradAnnealed(beta, y, gradRhoY, k);
    }
    return g;
  }

  /** Keeps, for each i, the particle {@code ancestors[i]}. */
  void select(int[] ancestors) {
    double[] nx = new double[x.length];
    double[] ng = new double[x.length];
    double[] nl = new double[n];
    for (int i = 0; i < n; i++) {
      int a = ancestors[i];
      System.arraycopy(x, a * d, nx, i * d, d);
      System.arraycopy(gradRho, a * d, ng, i * d, d);
      nl[i] = logRho[a];
    }
    x = nx;
    gradRho = ng;
    logRho = nl;
  }

  /** Batched gradient evaluations so far: the NFE per particle. */
  long gradientEvaluations() {
    return gradientEvaluations;
  }

  /** The target's log density and gradient at a batch of points. */
  record Evaluation(double[] logRho, double[] gradRho) {}
}
