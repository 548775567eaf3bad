package io.driftkit.control.langevin;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Step;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Metropolis–Hastings correction of MALA. An Euler–Maruyama step of {@code dX = grad log pi dt + sqrt(2) dW}
 * proposes {@code y ~ N(x + h grad log pi(x), 2h I)}; the filter accepts with probability
 * {@code min(1, pi(y) q(x | y) / (pi(x) q(y | x)))} and otherwise puts x back into the step's next state.
 */
final class MetropolisFilter implements StepObserver {

  private final Target target;
  private final GradientCache gradient;
  private final RandomSource random;
  private double[] logPi;
  private long accepted;
  private long proposed;

  MetropolisFilter(Target target, GradientCache gradient, INDArray x0, RandomSource random) {
    this.target = target;
    this.gradient = gradient;
    this.random = random;
    this.logPi = Rows.values(target.logDensity(x0));
  }

  @Override
  public void onStep(Step step) {
    double h = step.dt();
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
      // log q(y | x) = -|y - x - h gx|^2 / (4h) = -|z|^2 / 2 exactly, since y - x - h gx = sqrt(2h) z
      double forward = 0;
      double backward = 0;
      for (int j = 0; j < d; j++) {
        int k = i * d + j;
        forward += z[k] * z[k];
        double r = xv[k] - yv[k] - h * gy[k];
        backward += r * r;
      }
      double logAlpha = logPiY[i] - logPi[i] - backward / (4 * h) + forward / 2;
      proposed++;
      if (Double.isFinite(logPiY[i]) && (logAlpha >= 0 || Math.log(random.nextDouble()) < logAlpha)) {
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
