package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;

/**
 * Hamiltonian Monte Carlo with identity mass: fresh momentum p ~ N(0, I), {@code leapfrog} leapfrog steps of size
 * eps on {@code H = -log pi_beta(x) + |p|^2 / 2}, accepted with probability {@code min(1, exp(-Delta H))}.
 * Each particle uses its own (possibly jittered) eps. {@code leapfrog} gradient evaluations per move.
 */
final class HmcKernel implements MoveKernel {

  private final int leapfrog;
  private final StepJitter jitter;

  HmcKernel(int leapfrog, StepJitter jitter) {
    this.leapfrog = leapfrog;
    this.jitter = jitter;
  }

  @Override
  public double move(Particles p, Target target, double beta, double step, RandomSource random) {
    int n = p.n;
    int d = p.d;
    double[] eps = jitter.steps(step, n, random);
    double[] x = p.x;
    double[] q = x.clone();
    double[] mom = new double[x.length];
    double[] kinetic0 = new double[n];
    for (int i = 0; i < n; i++) {
      double kin = 0;
      for (int j = 0; j < d; j++) {
        int k = i * d + j;
        double z = random.nextGaussian();
        kin += z * z;
        mom[k] = z + 0.5 * eps[i] * p.gradAnnealed(beta, q, p.gradRho, k);
      }
      kinetic0[i] = 0.5 * kin;
    }
    Particles.Evaluation at = null;
    for (int l = 0; l < leapfrog; l++) {
      for (int k = 0; k < q.length; k++) {
        q[k] += eps[k / d] * mom[k];
      }
      boolean last = l == leapfrog - 1;
      // the density is needed only at the end point, for the accept step
      double[] grad = last ? (at = p.evaluate(target, q)).gradRho() : p.gradient(target, q);
      double half = last ? 0.5 : 1.0;
      for (int k = 0; k < q.length; k++) {
        mom[k] += half * eps[k / d] * p.gradAnnealed(beta, q, grad, k);
      }
    }
    int accepted = 0;
    for (int i = 0; i < n; i++) {
      double kin = 0;
      for (int j = 0; j < d; j++) {
        double m = mom[i * d + j];
        kin += m * m;
      }
      double logAlpha = p.logAnnealed(beta, q, i, at.logRho()[i]) - 0.5 * kin
          - p.logAnnealed(beta, x, i, p.logRho[i]) + kinetic0[i];
      if (logAlpha >= 0 || Math.log(random.nextDouble()) < logAlpha) {
        accepted++;
        System.arraycopy(q, i * d, x, i * d, d);
        System.arraycopy(at.gradRho(), i * d, p.gradRho, i * d, d);
        p.logRho[i] = at.logRho()[i];
      }
    }
    return (double) accepted / n;
  }

  @Override
  public int gradientsPerMove() {
    return leapfrog;
  }
}
