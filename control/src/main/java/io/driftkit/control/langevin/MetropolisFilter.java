package io.driftkit.control.langevin;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.mcmc.Mala;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Metropolis–Hastings correction of MALA, for any integrator whose steps are Gaussian kernels: a step of
 * {@code dX = grad log pi dt + sqrt(2) dW} proposes {@code y ~ N(a x + c grad log pi(x), v I)} (Euler–Maruyama:
 * {@code a = 1, c = h, v = 2h}); the filter accepts with probability
 * {@code min(1, pi(y) q(x | y) / (pi(x) q(y | x)))} ({@link Mala}) and otherwise puts x back into the step's next
 * state.
 */
final class MetropolisFilter implements StepObserver {

  private final Target target;
  private final GradientCache gradient;
  private final Integrator.GaussianKernels kernels;
  private final Dynamics dynamics;
  private final RandomSource random;
  private double[] logPi;
  private long accepted;
  private long proposed;

  MetropolisFilter(Target target, GradientCache gradient, Integrator.GaussianKernels kernels, Dynamics dynamics,
      INDArray x0, RandomSource random) {
    this.target = target;
    this.gradient = gradient;
    this.kernels = kernels;
    this.dynamics = dynamics;
    this.random = random;
    this.logPi = Rows.values(target.logDensity(x0));
  }

  @Override
  public void onStep(Step step) {
    Integrator.Kernel kernel = kernels.kernel(dynamics, step.time(), step.dt());
    INDArray y = step.next();
    INDArray gradY = gradient.compute(y);
    double[] logPiY = Rows.values(target.logDensity(y));
    double[] xv = Rows.values(step.state());
    double[] yv = Rows.values(y);
    double[] gx = Rows.values(step.drift());
    double[] gy = Rows.values(gradY);
    double[] z = Rows.values(step.noise());
    int n = logPi.length;
    int d = xv.length / n;
    double[] kept = yv;
    double[] keptGrad = gy;
    boolean anyRejected = false;
    for (int i = 0; i < n; i++) {
      // log q(y | x) = -|z|^2 / 2 up to the constant, since y = a x + c grad log pi(x) + sqrt(v) z
      double zz = 0;
      for (int j = 0; j < d; j++) {
        zz += z[i * d + j] * z[i * d + j];
      }
      double logAlpha = Mala.logAcceptance(logPi[i], logPiY[i], zz, xv, yv, gy, i, d, kernel.a(), kernel.c(),
          kernel.variance());
      proposed++;
      if (Double.isFinite(logPiY[i]) && Mala.accept(logAlpha, random)) {
        accepted++;
        logPi[i] = logPiY[i];
      } else {
        if (!anyRejected) {
          kept = yv.clone();
          keptGrad = gy.clone();
          anyRejected = true;
        }
        System.arraycopy(xv, i * d, kept, i * d, d);
        System.arraycopy(gx, i * d, keptGrad, i * d, d);
      }
    }
    if (anyRejected) {
      y.assign(Rows.matrix(kept, n, d));
      gradY = Rows.matrix(keptGrad, n, d);
    }
    gradient.store(y, gradY);
  }

  double acceptanceRate() {
    return proposed == 0 ? Double.NaN : (double) accepted / proposed;
  }
}
