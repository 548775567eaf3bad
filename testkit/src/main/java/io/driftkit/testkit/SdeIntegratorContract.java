package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract of an SDE integrator, checked on the Ornstein–Uhlenbeck process {@code dX = -theta X dt + s dW}
 * whose law at T is {@code N(e^{-theta T} x0, s^2 (1 - e^{-2 theta T}) / (2 theta))}.
 *
 * <p>The weak order is measured without Monte Carlo error. On a linear SDE with additive noise a Runge–Kutta type
 * scheme's final state is an affine function of {@code x0} and of the standard-normal increments its steps report
 * ({@link io.driftkit.api.Step#noise()}): {@code X_K = alpha x0 + sum_k beta_k z_k}. A least-squares fit over a
 * batch with more rows than unknowns recovers alpha and the beta_k exactly (the residual is round-off, and is
 * checked), so the scheme's law {@code N(alpha x0, sum beta_k^2)} is known exactly and so are its biases in the mean
 * and the variance. Their ratio between N and 2N steps is 2^p for weak order p: about 2 for Euler–Maruyama, about 4
 * for a second-order scheme (tolerance 0.15 in p). A scheme that draws more than one normal per step and coordinate
 * overrides {@link #schemeLaw}. A Monte Carlo check then confirms that the paths really follow that law.
 */
public abstract class SdeIntegratorContract extends IntegratorContract {

  /** The weak order on OU (additive noise, linear drift). */
  protected abstract int weakOrder();

  /** Two step counts N and 2N over [0, 1] in the asymptotic range, for the weak-order check. */
  protected int[] weakOrderSteps() {
    return new int[] {16, 32};
  }

  @Override
  protected Dynamics referenceDynamics() {
    return TestProblems.ornsteinUhlenbeck(1, 1);
  }

  /** The Gaussian law {@code N(multiplier x0, variance)} of a scheme's X_T on OU. */
  public record OuLaw(double multiplier, double variance) {

    /** The exact law of OU(theta, s) at {@code horizon}. */
    public static OuLaw exact(double theta, double s, double horizon) {
      return new OuLaw(Math.exp(-theta * horizon), s * s * -Math.expm1(-2 * theta * horizon) / (2 * theta));
    }
  }

  @Test
  public void isAnSdeIntegrator() {
    assertThat(integrator(4).kind()).isEqualTo(Integrator.Kind.SDE);
  }

  /** Weak order from the exact biases of the mean multiplier and the variance (theta = s = T = 1). */
  @Test
  public void hasItsWeakOrderOnOrnsteinUhlenbeck() {
    int[] n = weakOrderSteps();
    OuLaw exact = OuLaw.exact(1, 1, 1);
    OuLaw coarse = schemeLaw(1, 1, 1, n[0]);
    OuLaw fine = schemeLaw(1, 1, 1, n[1]);
    assertOrder("mean", coarse.multiplier - exact.multiplier, fine.multiplier - exact.multiplier, n);
    assertOrder("variance", coarse.variance - exact.variance, fine.variance - exact.variance, n);
  }

  private void assertOrder(String what, double coarse, double fine, int[] n) {
    // a scheme exact on OU (an exponential integrator) has only round-off here, and every order
    if (Math.abs(coarse) <= 1e-12 && Math.abs(fine) <= 1e-12) {
      return;
    }
    double observed = Math.log(coarse / fine) / Math.log((double) n[1] / n[0]);
    assertThat(observed).as("weak order of the %s (exact biases %s at %d steps, %s at %d)", what, coarse, n[0],
        fine, n[1]).isCloseTo(weakOrder(), within(0.15));
  }

  /**
   * OU from x0 = 1 (theta = s = T = 1) with 20 000 paths and 20 steps against the scheme's own exact law: the
   * standard errors are sqrt(v / n) for the mean and v sqrt(2 / n) for the variance; 4.5 of them are allowed (a
   * correct scheme fails with probability below 1e-5, and the seed is fixed).
   */
  @Test
  public void pathsFollowTheSchemesGaussianLaw() {
    int steps = 20;
    int n = 20_000;
    OuLaw law = schemeLaw(1, 1, 1, steps);
    Integrator integrator = integrator(steps);
    INDArray end = integrator.integrate(TestProblems.ornsteinUhlenbeck(1, 1), Nd4j.ones(n, 1),
        TimeGrid.uniform(0, 1, steps), new RandomSource(42), StepObserver.NONE).state();
    double v = law.variance;
    assertThat(end.meanNumber().doubleValue()).isCloseTo(law.multiplier, within(4.5 * Math.sqrt(v / n)));
    assertThat(end.varNumber().doubleValue()).isCloseTo(v, within(4.5 * v * Math.sqrt(2.0 / n)));
  }

  /**
   * The exact law of this integrator's X_T on OU(theta, s) after {@code steps} uniform steps over [0, horizon], by
   * the least-squares identification described above.
   */
  protected OuLaw schemeLaw(double theta, double s, double horizon, int steps) {
    int unknowns = steps + 1;
    int rows = 2 * unknowns + 16;
    double[] x0 = new double[rows];
    for (int i = 0; i < rows; i++) {
      x0[i] = -2 + 4.0 * i / (rows - 1);
    }
    List<double[]> noise = new ArrayList<>();
    StepObserver record = step -> {
      if (step.noise() == null) {
        fail("step " + step.index() + " reports no noise (Step.noise): the exact weak-order check needs the "
            + "standard-normal increments each step uses; override schemeLaw for a scheme that draws others");
      }
      noise.add(Rows.values(step.noise()));
    };
    double[] end = Rows.values(integrator(steps).integrate(TestProblems.ornsteinUhlenbeck(theta, s),
        Rows.matrix(x0, rows, 1), TimeGrid.uniform(0, horizon, steps), new RandomSource(7), record).state());
    assertThat(noise).as("one noise array per step").hasSize(steps);
    double[][] design = new double[rows][unknowns];
    double scale = 1;
    for (int i = 0; i < rows; i++) {
      design[i][0] = x0[i];
      for (int k = 0; k < steps; k++) {
        design[i][k + 1] = noise.get(k)[i];
      }
      scale = Math.max(scale, Math.abs(end[i]));
    }
    RealMatrix m = new Array2DRowRealMatrix(design, false);
    RealVector y = new ArrayRealVector(end, false);
    RealVector coef = new QRDecomposition(m).getSolver().solve(y);
    double residual = m.operate(coef).subtract(y).getLInfNorm();
    assertThat(residual).as("X_T is an affine function of x0 and the reported noise (largest residual)")
        .isLessThanOrEqualTo(1e-10 * scale);
    double variance = 0;
    for (int k = 1; k < unknowns; k++) {
      variance += coef.getEntry(k) * coef.getEntry(k);
    }
    return new OuLaw(coef.getEntry(0), variance);
  }
}
