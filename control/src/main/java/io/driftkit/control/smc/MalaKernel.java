package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.mcmc.Mala;

/**
 * MALA ({@link Mala}) on the annealed density pi_beta: propose {@code y = x + h grad log pi_beta(x) + sqrt(2h) z}
 * and accept with probability {@code min(1, pi_beta(y) q(x | y) / (pi_beta(x) q(y | x)))}, with h the particle's own
 * (possibly jittered) step. One gradient evaluation per move.
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
    double[] forwardZz = new double[n];
    double[] steps = jitter.steps(step, n, random);
    double[] gradX = p.gradAnnealed(beta, x, p.gradRho);
    for (int i = 0; i < n; i++) {
      forwardZz[i] = Mala.propose(x, gradX, i, d, steps[i], random, y);
    }
    Particles.Evaluation at = p.evaluate(target, y);
    double[] gradY = p.gradAnnealed(beta, y, at.gradRho());
    int accepted = 0;
    for (int i = 0; i < n; i++) {
      double h = steps[i];
      double logAlpha = Mala.logAcceptance(p.logAnnealed(beta, x, i, p.logRho[i]),
          p.logAnnealed(beta, y, i, at.logRho()[i]), forwardZz[i], x, y, gradY, i, d, 1, h, 2 * h);
      if (Mala.accept(logAlpha, random)) {
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
