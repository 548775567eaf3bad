package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.FixedStepRungeKutta;
import io.driftkit.interpolants.field.MixtureFields;
import io.driftkit.interpolants.method.EpsilonSchedule;
import io.driftkit.interpolants.method.InterpolantMethod;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gaussian ends with the exact fields: the ODE and the SDEs reproduce the far end's mean and variance, Euler and
 * Euler–Maruyama errors fall at their orders, and the likelihood and KL estimators match closed forms.
 */
class GaussianEndsTest {

  static final GaussianMixture START_1D = Ends.gaussian(new double[] {0.5}, Ends.diag(0.64));
  static final GaussianMixture END_1D = Ends.gaussian(new double[] {-2}, Ends.diag(0.25));
  static final GaussianMixture START_3D = Ends.gaussian(new double[] {1, -1, 0}, Ends.diag(0.5, 1, 2));
  static final GaussianMixture END_3D = Ends.gaussian(new double[] {-2, 0, 3}, new double[][] {{0.3, 0.1, 0},
      {0.1, 1.5, -0.2}, {0, -0.2, 0.4}});

  static Stream<Arguments> generators() {
    InterpolantMethod.Options ode = InterpolantMethod.Options.ode();
    Integrator rk4 = new FixedStepRungeKutta(ButcherTableau.RK4, 50, TimeGrid.Spacing.UNIFORM);
    Integrator em = new EulerMaruyama(250, TimeGrid.Spacing.UNIFORM);
    Interpolant linear = Ends.interpolant("linear");
    Interpolant trig = Ends.interpolant("trigonometric", "gamma=sine-squared", "gamma-scale=0.7");
    return Stream.of(
        Arguments.of("1-D linear ODE", linear, START_1D, END_1D, rk4, ode),
        Arguments.of("1-D linear SDE eps 0.5", linear, START_1D, END_1D, em, ode.withEpsilon(0.5,
            EpsilonSchedule.CONSTANT)),
        Arguments.of("1-D trigonometric SDE eps 2", trig, START_1D, END_1D, em, ode.withEpsilon(2,
            EpsilonSchedule.CONSTANT)),
        Arguments.of("3-D linear ODE", linear, START_3D, END_3D, rk4, ode),
        Arguments.of("3-D trigonometric SDE eps 1 sine", trig, START_3D, END_3D, em, ode.withEpsilon(1,
            EpsilonSchedule.SINE)),
        Arguments.of("3-D linear SDE eps 1 decay", linear, START_3D, END_3D, em, ode.withEpsilon(1,
            EpsilonSchedule.DECAY)),
        Arguments.of("3-D linear backward SDE eps 1", linear, START_3D, END_3D, em, ode.withEpsilon(1,
            EpsilonSchedule.CONSTANT).withBackward(true)));
  }

  /**
   * 10000 samples: each coordinate's mean within 5 standard errors (sqrt(var / n)) and variance within 5 standard
   * errors of a Gaussian sample variance (var sqrt(2 / n)) plus 1 % for the step (RK4 at 50 steps is exact to
   * 1e-7; Euler–Maruyama's weak error at h = 1/250 is below 0.01 absolute here, see the order test).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("generators")
  void exactFieldsReproduceTheFarEndsMeanAndVariance(String name, Interpolant ip, GaussianMixture rho0,
      GaussianMixture rho1, Integrator integrator, InterpolantMethod.Options options) {
    Ends.Run run = Ends.oracle(ip, rho0, rho1, integrator, options.withLikelihood(
        InterpolantMethod.LikelihoodMode.NONE, 1, 1));
    int n = 10000;
    Method.Sample sample = run.method().sample(run.components(), n, new RandomSource(3).split(name),
        StepObserver.NONE);
    GaussianMixture far = options.backward() ? rho0 : rho1;
    double[] x = Rows.values(sample.samples());
    int d = far.dim();
    for (int i = 0; i < d; i++) {
      double m = 0;
      double m2 = 0;
      for (int r = 0; r < n; r++) {
        m += x[r * d + i] / n;
        m2 += x[r * d + i] * x[r * d + i] / n;
      }
      double var = far.covariance(0)[i][i];
      assertThat(m).as("%s: mean of x%d", name, i).isCloseTo(far.mean(0)[i], within(5 * Math.sqrt(var / n)));
      assertThat(m2 - m * m).as("%s: variance of x%d", name, i)
          .isCloseTo(var, within(5 * var * Math.sqrt(2.0 / n) + 0.01 * var));
    }
  }

  /**
   * With Gaussian ends the exact drift is affine, so a fixed-step scheme maps x0 affinely and its pushforward of
   * N(m0, S0) is Gaussian with moments read off d + 1 integrated points, without sampling noise. The error in the
   * far end's mean and covariance halves with the step for Euler (order 1) and quarters for Heun (order 2).
   */
  @Test
  void eulerAndHeunErrorsFallAtTheirOrders() {
    Interpolant ip = Ends.interpolant("linear");
    for (Object[] c : new Object[][] {{ButcherTableau.EULER, 2.0}, {ButcherTableau.HEUN, 4.0}}) {
      double[] errors = new double[4];
      for (int k = 0; k < 4; k++) {
        int steps = 16 << k;
        Integrator integrator = new FixedStepRungeKutta((ButcherTableau) c[0], steps, TimeGrid.Spacing.UNIFORM);
        Ends.Run run = Ends.oracle(ip, START_3D, END_3D, integrator, InterpolantMethod.Options.ode());
        errors[k] = affineError(run, integrator);
      }
      System.out.printf("%s errors at 16..128 steps: %s%n", ((ButcherTableau) c[0]).name(),
          java.util.Arrays.toString(errors));
      for (int k = 1; k < 4; k++) {
        assertThat(errors[k - 1] / errors[k]).as("%s error ratio at %d steps", ((ButcherTableau) c[0]).name(),
            16 << k).isCloseTo((double) c[1], within(0.15 * (double) c[1]));
      }
    }
  }

  /** The pushforward's mean and covariance error: the map x0 -> x1 is affine, read off e_0 .. e_d. */
  private static double affineError(Ends.Run run, Integrator integrator) {
    int d = 3;
    double[] pts = new double[(d + 1) * d];
    for (int i = 0; i < d; i++) {
      pts[(i + 1) * d + i] = 1;
    }
    // the method starts from rho0 samples; integrate the chosen points with the same ODE instead
    Dynamics dynamics = dynamicsOf(run);
    double[] y = Rows.values(integrator.integrate(dynamics, Rows.matrix(pts, d + 1, d), integrator.grid(0, 1),
        new RandomSource(1), StepObserver.NONE).state());
    double[][] m = new double[d][d];
    double[] c = new double[d];
    for (int i = 0; i < d; i++) {
      c[i] = y[i];
      for (int j = 0; j < d; j++) {
        m[i][j] = y[(j + 1) * d + i] - y[i];
      }
    }
    return momentError(m, c, START_3D, END_3D);
  }

  /** |M m0 + c - m1|_max + |M S0 M^T - S1|_max. */
  static double momentError(double[][] m, double[] c, GaussianMixture from, GaussianMixture to) {
    int d = c.length;
    double[] m0 = from.mean(0);
    double[][] s0 = from.covariance(0);
    double err = 0;
    for (int i = 0; i < d; i++) {
      double mean = c[i];
      for (int j = 0; j < d; j++) {
        mean += m[i][j] * m0[j];
      }
      err = Math.max(err, Math.abs(mean - to.mean(0)[i]));
      for (int j = 0; j < d; j++) {
        double cov = 0;
        for (int k = 0; k < d; k++) {
          for (int l = 0; l < d; l++) {
            cov += m[i][k] * s0[k][l] * m[j][l];
          }
        }
        err = Math.max(err, Math.abs(cov - to.covariance(0)[i][j]));
      }
    }
    return err;
  }

  /**
   * Euler–Maruyama on dX = (b + eps s) dt + sqrt(2 eps) dW with the exact affine fields keeps X Gaussian with
   * {@code m' = m + h (A m + c)}, {@code C' = (I + h A) C (I + h A)^T + 2 eps h I}; iterated from N(m0, S0), its
   * error at the far end halves with the step (weak order 1). The integrator's own samples (1-D, 400000 draws,
   * 32 steps) agree with that recursion within 5 standard errors.
   */
  @Test
  void eulerMaruyamaWeakErrorFallsAtOrderOneAndTheIntegratorFollowsItsRecursion() {
    Interpolant ip = Ends.interpolant("linear");
    double eps = 1;
    MixtureFields exact = new MixtureFields(ip, START_3D, END_3D);
    double[] errors = new double[4];
    for (int k = 0; k < 4; k++) {
      errors[k] = recursion(exact, eps, 32 << k, START_3D, END_3D)[0];
    }
    System.out.printf("Euler-Maruyama weak errors at 32..256 steps: %s%n", java.util.Arrays.toString(errors));
    for (int k = 1; k < 4; k++) {
      assertThat(errors[k - 1] / errors[k]).as("weak error ratio at %d steps", 32 << k).isCloseTo(2, within(0.3));
    }
    int n = 400000;
    Integrator em = new EulerMaruyama(32, TimeGrid.Spacing.UNIFORM);
    Ends.Run run = Ends.oracle(ip, START_1D, END_1D, em, InterpolantMethod.Options.ode().withEpsilon(eps,
        EpsilonSchedule.CONSTANT).withLikelihood(InterpolantMethod.LikelihoodMode.NONE, 1, 1));
    double[] x = Rows.values(run.method().sample(run.components(), n, new RandomSource(8), StepObserver.NONE)
        .samples());
    double m = 0;
    double m2 = 0;
    for (double v : x) {
      m += v / n;
      m2 += v * v / n;
    }
    double[] predicted = recursion(new MixtureFields(ip, START_1D, END_1D), eps, 32, START_1D, END_1D);
    double var = m2 - m * m;
    assertThat(m).isCloseTo(predicted[1], within(5 * Math.sqrt(predicted[2] / n)));
    assertThat(var).isCloseTo(predicted[2], within(5 * predicted[2] * Math.sqrt(2.0 / n)));
  }

  /** {error at the far end, mean of x0 (1-D), variance of x0 (1-D)} of the Euler–Maruyama moment recursion. */
  private static double[] recursion(MixtureFields exact, double eps, int steps, GaussianMixture from,
      GaussianMixture to) {
    int d = from.dim();
    double[] mean = from.mean(0);
    double[][] cov = from.covariance(0);
    double h = 1.0 / steps;
    for (int k = 0; k < steps; k++) {
      double t = k * h;
      double[] pts = new double[(d + 1) * d];
      for (int i = 0; i < d; i++) {
        pts[(i + 1) * d + i] = 1;
      }
      INDArray[] f = exact.evaluate(Rows.matrix(pts, d + 1, d), t, true);
      double[] b = Rows.values(f[0].addi(f[1].muli(eps)));
      double[][] step = new double[d][d];
      double[] c = new double[d];
      for (int i = 0; i < d; i++) {
        c[i] = b[i];
        for (int j = 0; j < d; j++) {
          step[i][j] = (i == j ? 1 : 0) + h * (b[(j + 1) * d + i] - b[i]);
        }
      }
      double[] nextMean = new double[d];
      double[][] nextCov = new double[d][d];
      for (int i = 0; i < d; i++) {
        nextMean[i] = h * c[i];
        for (int j = 0; j < d; j++) {
          nextMean[i] += step[i][j] * mean[j];
          double s = i == j ? 2 * eps * h : 0;
          for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
              s += step[i][p] * cov[p][q] * step[j][q];
            }
          }
          nextCov[i][j] = s;
        }
      }
      mean = nextMean;
      cov = nextCov;
    }
    double err = 0;
    for (int i = 0; i < d; i++) {
      err = Math.max(err, Math.abs(mean[i] - to.mean(0)[i]));
      for (int j = 0; j < d; j++) {
        err = Math.max(err, Math.abs(cov[i][j] - to.covariance(0)[i][j]));
      }
    }
    return new double[] {err, mean[0], cov[0][0]};
  }

  /** The probability-flow dynamics dX = b dt of the run's exact fields. */
  private static Dynamics dynamicsOf(Ends.Run run) {
    return new Dynamics() {
      @Override
      public int dim() {
        return 3;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return ((io.driftkit.interpolants.field.OracleInterpolantModel) run.components().model()).fields()
            .evaluate(x, t, false)[0];
      }

      @Override
      public double diffusion(double t) {
        return 0;
      }
    };
  }
}
