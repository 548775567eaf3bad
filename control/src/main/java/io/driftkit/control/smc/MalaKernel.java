package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;

/**
 * MALA: propose {@code y = x + h grad log pi_beta(x) + sqrt(2h) z} and accept with probability
 * {@code min(1, pi_beta(y) q(x | y) / (pi_beta(x) q(y | x)))}, with h the particle's own (possibly jittered) step.
 * One gradient evaluation per move.
 */
final class MalaKernel implements MoveKernel {

  private final StepJitter jitter;

  MalaKernel(StepJitter jitter) {
    this.jitter = jitter;
  }

  @Override
  public double move(Particles p, Target target, double beta, double step, RandomSource random) {
    int n = p.n;
    int d = p.d;
    double[] x = p.x;
    double[] y = new double[x.length];
    double[] forward = new double[n];
    double[] steps = jitter.steps(step, n, random);
    for (int i = 0; i < n; i++) {
      double h = steps[i];
      double root = Math.sqrt(2 * h);
      double zz = 0;
      for (int j = 0; j < d; j++) {
        int k = i * d + j;
        double z = random.nextGaussian();
        zz += z * z;
        y[k] = x[k] + h * p.gradAnnealed(beta, x, p.gradRho, k) + root * z;
      }
      // log q(y | x) = -|y - x - h g(x)|^2 / (4h) = -|z|^2 / 2
      forward[i] = -0.5 * zz;
    }
    Particles.Evaluation at = p.evaluate(target, y);
    int accepted = 0;
    for (int i = 0; i < n; i++) {
      double h = steps[i];
      double backward = 0;
      for (int j = 0; j < d; j++) {
        int k = i * d + j;
        double r = x[k] - y[k] - h * p.gradAnnealed(beta, y, at.gradRho(), k);
        backward += r * r;
      }
      double logAlpha = p.logAnnealed(beta, y, i, at.logRho()[i]) - p.logAnnealed(beta, x, i, p.logRho[i])
          - backward / (4 * h) - forward[i];
      // a NaN log alpha (non-finite density or gradient at y) compares false: rejected
      if (logAlpha >= 0 || Math.log(random.nextDouble()) < logAlpha) {
        accepted++;
        System.arraycopy(y, i * d, x, i * d, d);
        System.arraycopy(at.gradRho(), i * d, p.gradRho, i * d, d);
        p.logRho[i] = at.logRho()[i];
      }
    }
    return (double) accepted / n;
  }

  @Override
  public int gradientsPerMove() {
    return 1;
  }
}
