package io.driftkit.interpolants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Integrator;
import io.driftkit.api.Interpolant;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.FixedStepRungeKutta;
import io.driftkit.interpolants.method.EpsilonSchedule;
import io.driftkit.interpolants.method.InterpolantMethod;
import io.driftkit.interpolants.method.InterpolantMethod.LikelihoodMode;
import io.driftkit.interpolants.method.Likelihood;
import io.driftkit.sde.integrate.EulerMaruyama;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.integrate.ButcherTableau;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The likelihood estimators of the ODE and SDE models against exact Gaussian log densities: with exact fields the
 * model's law is the far end itself; with the exact fields of another Gaussian the estimated cross-entropy gives the
 * KL divergence between the two, which has a closed form.
 */
class GaussianLikelihoodTest {

  static final GaussianMixture START = Ends.gaussian(new double[] {1, -0.5}, new double[][] {{0.6, 0.2}, {0.2, 0.8}});
  static final GaussianMixture END = Ends.gaussian(new double[] {-1.5, 2}, new double[][] {{0.4, -0.15},
      {-0.15, 0.3}});
  static final GaussianMixture OTHER = Ends.gaussian(new double[] {-1, 1.5}, new double[][] {{0.7, 0.1},
      {0.1, 0.5}});
  static final Interpolant IP = Ends.interpolant("linear");
  static final Integrator RK4 = new FixedStepRungeKutta(ButcherTableau.RK4, 50, TimeGrid.Spacing.UNIFORM);
  static final Integrator EM = new EulerMaruyama(200, TimeGrid.Spacing.UNIFORM);

  static InterpolantMethod.Options options(double eps, LikelihoodMode mode, int paths) {
    return InterpolantMethod.Options.ode().withEpsilon(eps, EpsilonSchedule.CONSTANT).withLikelihood(mode, 200, paths);
  }

  /** {mean, standard error, max |.|} of estimate - exact over the points. */
  static double[] errors(GaussianMixture model, Ends.Run run, INDArray points, String stream) {
    double[] est = run.method().logLikelihood(run.components(), points, new RandomSource(5).split(stream));
    double[] exact = Rows.values(model.logDensity(points));
    return stats(est, exact);
  }

  static double[] stats(double[] a, double[] b) {
    int n = a.length;
    double mean = 0;
    double max = 0;
    for (int i = 0; i < n; i++) {
      mean += (a[i] - b[i]) / n;
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += Math.pow(a[i] - b[i] - mean, 2);
    }
    return new double[] {mean, Math.sqrt(ss / (n - 1) / n), max};
  }

  static INDArray points(GaussianMixture law, int n) {
    return law.sample(n, new RandomSource(17));
  }

  @Test
  void odeLikelihoodWithExactDivergenceIsTheExactDensity() {
    Ends.Run run = Ends.oracle(IP, START, END, RK4, options(0, LikelihoodMode.EXACT, 1));
    double[] e = errors(END, run, points(END, 200), "ode");
    System.out.printf("ODE exact divergence: mean error %.3g, max %.3g%n", e[0], e[2]);
    // RK4 at 50 steps and central differences of a float64 field: far below 1e-4 nats
    assertThat(e[2]).isLessThan(1e-4);
  }

  @Test
  void odeLikelihoodWithHutchinsonIsUnbiased() {
    InterpolantMethod.Options o = new InterpolantMethod.Options(false, 0, EpsilonSchedule.CONSTANT, 1e-3,
        LikelihoodMode.HUTCHINSON, 200, 1, 1);
    Ends.Run run = Ends.oracle(IP, START, END, RK4, o);
    double[] e = errors(END, run, points(END, 400), "hutchinson");
    System.out.printf("ODE Hutchinson (1 probe): mean error %.3g +- %.3g, max %.3g%n", e[0], e[1], e[2]);
    assertThat(e[0]).isCloseTo(0, within(5 * e[1]));
    // the probes do vary the estimate (the Jacobian is not diagonal), so this is not the exact divergence again
    assertThat(e[2]).isGreaterThan(1e-3);
  }

  /**
   * With exact fields the Girsanov-weighted Feynman–Kac weight is Itô's formula for log rho along each backward path:
   * per path it is exact up to the time step (Euler–Maruyama leaves an O(sqrt h) per-path error, of mean O(h)), so
   * with 16 paths per point the mean error over 200 points is within 5 of its standard errors plus 0.01 nats, and
   * the mean log weight (the Jensen bound) lies below the log mean exp.
   */
  @Test
  void sdeLikelihoodMatchesTheExactDensity() {
    Ends.Run run = Ends.oracle(IP, START, END, EM, options(0.5, LikelihoodMode.EXACT, 16));
    INDArray pts = points(END, 200);
    Likelihood.Estimate est = run.method().likelihoodEstimate(run.components(), pts, new RandomSource(5));
    double[] exact = Rows.values(END.logDensity(pts));
    double[] e = stats(est.logLikelihood(), exact);
    double[] bound = stats(est.bound(), exact);
    System.out.printf("SDE (16 paths): mean error %.3g +- %.3g, max %.3g; Jensen bound %.3g%n", e[0], e[1], e[2],
        bound[0]);
    assertThat(e[0]).isCloseTo(0, within(5 * e[1] + 0.01));
    assertThat(e[2]).isLessThan(0.2);
    assertThat(bound[0]).isLessThanOrEqualTo(e[0]);
  }

  /**
   * The exact fields of N(m', S') (OTHER) give the model law N(m', S'); at points from N(m, S) (END) the estimated
   * cross-entropy minus the entropy of N(m, S) estimates KL(N(m, S) || N(m', S')). Against the same points' exact
   * log N(m', S') the estimators agree to their discretisation (ODE 1e-3, SDE 0.03 nats: the mean of the per-path
   * O(sqrt h) errors); against the closed-form KL the difference adds the Monte Carlo error of the 400 points,
   * within 5 standard errors.
   */
  @Test
  void crossEntropyEstimatesGiveTheExactKlBetweenTwoGaussians() {
    INDArray pts = points(END, 400);
    double[] truthHere = Rows.values(END.logDensity(pts));
    double[] modelExact = Rows.values(OTHER.logDensity(pts));
    double kl = klGaussian(END, OTHER);
    for (Object[] c : new Object[][] {{"ode", RK4, options(0, LikelihoodMode.EXACT, 1), 1e-3},
        {"sde", EM, options(0.5, LikelihoodMode.EXACT, 16), 0.03}}) {
      Ends.Run run = Ends.oracle(IP, START, OTHER, (Integrator) c[1], (InterpolantMethod.Options) c[2]);
      double[] est = run.method().logLikelihood(run.components(), pts, new RandomSource(5).split((String) c[0]));
      double[] gap = stats(truthHere, est);
      double[] exactGap = stats(truthHere, modelExact);
      System.out.printf("%s: KL estimate %.4f +- %.4f, same points exact %.4f, closed form %.4f%n", c[0], gap[0],
          gap[1], exactGap[0], kl);
      assertThat(gap[0]).as("%s against the same points' exact cross-entropy", c[0])
          .isCloseTo(exactGap[0], within((double) c[3]));
      assertThat(gap[0]).as("%s against the closed-form KL", c[0])
          .isCloseTo(kl, within(5 * exactGap[1] + (double) c[3]));
    }
  }

  /** KL(N(m0, S0) || N(m1, S1)) in 2-D. */
  static double klGaussian(GaussianMixture p, GaussianMixture q) {
    double[][] s0 = p.covariance(0);
    double[][] s1 = q.covariance(0);
    double det1 = s1[0][0] * s1[1][1] - s1[0][1] * s1[1][0];
    double det0 = s0[0][0] * s0[1][1] - s0[0][1] * s0[1][0];
    double[][] inv = {{s1[1][1] / det1, -s1[0][1] / det1}, {-s1[1][0] / det1, s1[0][0] / det1}};
    double trace = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        trace += inv[i][j] * s0[j][i];
      }
    }
    double[] dm = {q.mean(0)[0] - p.mean(0)[0], q.mean(0)[1] - p.mean(0)[1]};
    double quad = 0;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        quad += dm[i] * inv[i][j] * dm[j];
      }
    }
    return 0.5 * (trace + quad - 2 + Math.log(det1 / det0));
  }
}
