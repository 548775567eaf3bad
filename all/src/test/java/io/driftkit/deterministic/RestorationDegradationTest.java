package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Dynamics;
import io.driftkit.api.GaussianMixtureSpec;
import io.driftkit.api.Integrator;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.deterministic.integrate.DormandPrince45;
import io.driftkit.deterministic.oracle.FokkerPlanckScore;
import io.driftkit.deterministic.oracle.ProductMixture;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.RestorationDegradation;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.TanhDriftProcess;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The restoration–degradation sampler: DDIM (eta = 0) on a linear process, and on the non-linear tanh process with the
 * Fokker–Planck oracle's exact score a first-order discretisation of the probability-flow ODE that carries the prior
 * onto the data.
 */
class RestorationDegradationTest {

  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
  static final double T_MIN = 1e-3;

  static INDArray run(Integrator integrator, Dynamics dynamics, INDArray start, double span) {
    return integrator.integrate(dynamics, start, TimeGrid.uniform(0, span, integrator.grid(0, 1).steps()),
        new RandomSource(0), StepObserver.NONE).state();
  }

  static double rms(INDArray a, INDArray b) {
    INDArray d = a.sub(b);
    return Math.sqrt(d.mul(d).meanNumber().doubleValue());
  }

  /** On VP the restoration (Tweedie's x0) and degradation (alpha' x0 + sigma' eps) are DDIM's step: equal to round-off. */
  @Test
  void isDdimOnALinearProcess() {
    MixtureTarget grid = MixtureTarget.grid();
    Dynamics ode = VP.reverse(new OracleScoreModel(grid.gaussianMixture(), VP)::evaluate, 2, false);
    INDArray start = new RandomSource(4).normal(200, 2);
    for (StepSchedule schedule : StepSchedule.values()) {
      INDArray rd = run(new RestorationDegradation(25, schedule, 4), ode, start, 1 - T_MIN);
      INDArray ddim = run(new Ddim(25, 0, schedule), ode, start, 1 - T_MIN);
      assertThat(rd.sub(ddim).amaxNumber().doubleValue()).as("%s", schedule)
          .isLessThan(1e-12 * ddim.amaxNumber().doubleValue());
    }
  }

  /**
   * The degradation flow {@code dX/du = f + g^2/(2 sigma) eps} integrated numerically (as for a non-linear process)
   * converges to its closed form, DDIM's step, at RK4's fourth order in the substeps.
   */
  @Test
  void numericalDegradationFlowConvergesToTheClosedForm() {
    MixtureTarget grid = MixtureTarget.grid();
    Dynamics ode = VP.reverse(new OracleScoreModel(grid.gaussianMixture(), VP)::evaluate, 2, false);
    INDArray start = new RandomSource(5).normal(50, 2);
    INDArray ddim = run(new Ddim(20, 0, StepSchedule.TIME), ode, start, 1 - T_MIN);
    double coarse = rms(run(new RestorationDegradation(20, StepSchedule.TIME, 2, false), ode, start, 1 - T_MIN),
        ddim);
    double fine = rms(run(new RestorationDegradation(20, StepSchedule.TIME, 4, false), ode, start, 1 - T_MIN), ddim);
    double finest = rms(run(new RestorationDegradation(20, StepSchedule.TIME, 64, false), ode, start, 1 - T_MIN),
        ddim);
    assertThat(coarse / fine).as("errors %s, %s", coarse, fine).isBetween(12.0, 20.0);
    assertThat(finest).isLessThan(1e-8);
  }

  /**
   * Without closed-form marginals rd linearises the drift at the origin for its noise scale: for VP seen as a generic
   * process (its linear marginals hidden) that is VP's own sigma to the accuracy of the tabulated variance, and the
   * degradation flow integrated numerically, so rd reproduces DDIM closely (RMS 1e-6 over the batch at 20 steps).
   */
  @Test
  void onALinearProcessSeenAsGenericItStillReproducesDdim() {
    io.driftkit.api.ForwardProcess hidden = new io.driftkit.api.ForwardProcess() {
      @Override
      public double horizon() {
        return VP.horizon();
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return VP.drift(x, t);
      }

      @Override
      public double diffusion(double t) {
        return VP.diffusion(t);
      }

      @Override
      public io.driftkit.api.Prior prior(int dim) {
        return VP.prior(dim);
      }
    };
    MixtureTarget grid = MixtureTarget.grid();
    OracleScoreModel score = new OracleScoreModel(grid.gaussianMixture(), VP);
    INDArray start = new RandomSource(6).normal(50, 2);
    INDArray ddim = run(new Ddim(20, 0, StepSchedule.TIME), VP.reverse(score::evaluate, 2, false), start, 1 - T_MIN);
    INDArray rd = run(new RestorationDegradation(20, StepSchedule.TIME, 16), hidden.reverse(score::evaluate, 2,
        false), start, 1 - T_MIN);
    assertThat(rms(rd, ddim)).isLessThan(1e-6);
  }

  /** 1-D data: two modes; the tanh process pulls it onto the logistic prior by t = 4. */
  static final GaussianMixture DATA = GaussianMixture.isotropic(new double[] {0.4, 0.6},
      new double[][] {{-1.5}, {2}}, new double[] {0.2, 0.3});
  static final TanhDriftProcess TANH = new TanhDriftProcess(1.5, 1.5, 4);
  static final FokkerPlanckScore ORACLE = new FokkerPlanckScore(TANH,
      ProductMixture.of(DATA.spec()).orElseThrow(), new FokkerPlanckScore.Resolution(601, 401, 2));

  /**
   * Against the probability-flow ODE solved by rk45 (rtol 1e-10) with the same score from the same prior points, rd's
   * error halves as its steps double: first order. RMS errors over 100 points with steps quadratic in t (dense at the
   * data) at 20, 40, ..., 640 steps were 0.124, 0.068, 0.024, 0.0107, 0.0052, 0.0025 (observed orders 0.9, 1.5, 1.2,
   * 1.06, 1.03); with uniform steps 0.193 ... 0.0107, orders 0.75 to 0.9, the largest errors belonging to the few
   * paths that end between the two modes, where the flow separates neighbours. So the order is read at 160 and 320
   * quadratic steps.
   */
  @Test
  void convergesAtFirstOrderToTheProbabilityFlowOnTheTanhProcess() {
    Dynamics ode = TANH.reverse(ORACLE::evaluate, 1, false);
    INDArray start = TANH.prior(1).sample(100, new RandomSource(8));
    INDArray exact = new DormandPrince45(1e-10, 1e-10, 1_000_000).integrate(ode, start,
        TimeGrid.of(0, TANH.horizon() - T_MIN), new RandomSource(0), StepObserver.NONE).state();
    double coarse = rms(run(new RestorationDegradation(160, StepSchedule.QUADRATIC, 2), ode, start,
        TANH.horizon() - T_MIN), exact);
    double fine = rms(run(new RestorationDegradation(320, StepSchedule.QUADRATIC, 2), ode, start,
        TANH.horizon() - T_MIN), exact);
    double order = Math.log(coarse / fine) / Math.log(2);
    assertThat(order).as("errors %s, %s", coarse, fine).isBetween(0.8, 1.3);
  }

  /**
   * The flow carries the prior onto the data: with 4000 prior points and 200 quadratic rd steps, the mean and second
   * moment of the result match the data's within 4 standard errors of their Monte Carlo estimates (sd / sqrt(n)) plus
   * an allowance of 0.01 for the bias of rd at 200 steps and of starting from the prior rather than p_T.
   */
  @Test
  void carriesThePriorOntoTheData() {
    Dynamics ode = TANH.reverse(ORACLE::evaluate, 1, false);
    int n = 4000;
    INDArray x = run(new RestorationDegradation(200, StepSchedule.QUADRATIC, 4), ode,
        TANH.prior(1).sample(n, new RandomSource(9)), TANH.horizon() - T_MIN);
    double[] v = Rows.values(x);
    double mean = 0;
    double second = 0;
    for (double e : v) {
      mean += e / n;
      second += e * e / n;
    }
    double trueMean = DATA.mean()[0];
    double trueSecond = DATA.secondMoments()[0];
    double sd = Math.sqrt(trueSecond - trueMean * trueMean);
    assertThat(mean).isCloseTo(trueMean, within(4 * sd / Math.sqrt(n) + 0.01));
    // Var(x^2) <= E x^4 ~ 30 for this mixture; sd(x^2) < 5.5
    assertThat(second).isCloseTo(trueSecond, within(4 * 5.5 / Math.sqrt(n) + 0.01));
  }

  @Test
  void oracleScoreOfTheProductFactorsIsTheOneOfItsMarginals() {
    GaussianMixtureSpec two = GaussianMixture.isotropic(new double[] {0.4 * 0.5, 0.6 * 0.5, 0.4 * 0.5, 0.6 * 0.5},
        new double[][] {{-1.5, 0}, {2, 0}, {-1.5, 1}, {2, 1}}, new double[] {0.2, 0.3, 0.2, 0.3}).spec();
    assertThat(ProductMixture.of(two)).isEmpty(); // variances differ across coordinates' combinations: not a product
  }
}
