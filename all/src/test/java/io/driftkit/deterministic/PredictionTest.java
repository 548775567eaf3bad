package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Integrator;
import io.driftkit.api.Method;
import io.driftkit.api.Prediction;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.deterministic.integrate.FixedStepRungeKutta;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.ScoreSdeMethod;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.LinearForwardProcess;
import io.driftkit.sde.forward.TanhDriftProcess;
import io.driftkit.sde.forward.VarianceExploding;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.diffusion.Predictions;
import io.driftkit.toolkit.integrate.ButcherTableau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model parametrisations: an exact denoiser of a Gaussian mixture, written here from the components' posterior means
 * (independently of Tweedie's formula), converted by {@link Predictions} gives the exact score; and a model of any
 * parametrisation samples exactly as the score model does.
 */
class PredictionTest {

  static final MixtureTarget GRID = MixtureTarget.grid();
  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
  static final VarianceExploding VE = new VarianceExploding(0.01, 30, 1.0);

  /**
   * E[X_0 | X_t = x] for an isotropic mixture: sum over components of the posterior weight r_c times
   * {@code mu_c + alpha v_c / (alpha^2 v_c + sigma^2) (x - alpha mu_c)}.
   */
  static INDArray posteriorMean(GaussianMixture data, INDArray x, double alpha, double sigma) {
    INDArray resp = data.diffuse(alpha, sigma).responsibilities(x);
    int n = (int) x.size(0);
    int d = data.dim();
    double[] xv = Rows.values(x);
    double[] r = Rows.values(resp);
    double[] out = new double[n * d];
    for (int c = 0; c < data.components(); c++) {
      double v = data.covariance(c)[0][0];
      double gain = alpha * v / (alpha * alpha * v + sigma * sigma);
      double[] mu = data.mean(c);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < d; j++) {
          out[i * d + j] += r[i * data.components() + c] * (mu[j] + gain * (xv[i * d + j] - alpha * mu[j]));
        }
      }
    }
    return Rows.matrix(out, n, d);
  }

  /** An exact model of the given parametrisation, from the posterior mean. */
  static DriftModel model(Prediction p, LinearForwardProcess forward) {
    return new DriftModel() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray evaluate(INDArray x, double t) {
        double a = forward.alpha(t);
        double s = forward.sigma(t);
        INDArray x0 = posteriorMean(GRID.gaussianMixture(), x, a, s);
        INDArray eps = x.sub(x0.mul(a)).divi(s);
        return switch (p) {
          case X0 -> x0;
          case EPS -> eps;
          case V -> eps.mul(a).subi(x0.mul(s));
          case SCORE -> eps.divi(-s);
        };
      }

      @Override
      public INDArray evaluate(INDArray x, INDArray t) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @ParameterizedTest
  @EnumSource(Prediction.class)
  void convertedPredictionsAreTheExactScore(Prediction p) {
    INDArray x = new RandomSource(2).normal(40, 2).muli(3);
    for (LinearForwardProcess forward : new LinearForwardProcess[] {VP, VE}) {
      ForwardProcess.ScoreFunction score = Predictions.score(model(p, forward)::evaluate, p, forward);
      for (double t : new double[] {0.01, 0.3, 0.9}) {
        INDArray exact = GRID.gaussianMixture().diffuse(forward.alpha(t), forward.sigma(t)).score(x);
        INDArray got = score.score(x, t);
        double scale = exact.amaxNumber().doubleValue();
        assertThat(got.sub(exact).amaxNumber().doubleValue()).as("%s at t = %s", p, t).isLessThan(1e-10 * scale);
        // and back: the affine map inverts
        INDArray back = Predictions.toScore(p, forward.alpha(t), forward.sigma(t)).output(exact, x);
        INDArray direct = model(p, forward).evaluate(x, t);
        assertThat(back.sub(direct).amaxNumber().doubleValue()).isLessThan(1e-9 * (1 + direct.amaxNumber()
            .doubleValue()));
      }
    }
  }

  /** Through score-sde: eps, x0 and v models sample what the score model samples, with DDIM, EDM and Heun alike. */
  @ParameterizedTest
  @EnumSource(value = Prediction.class, names = {"EPS", "X0", "V"})
  void everySamplerAcceptsEveryParametrisation(Prediction p) {
    for (Integrator integrator : new Integrator[] {new Ddim(20, 0, StepSchedule.LOG_SNR),
        new Edm(10, 0.002, 0, 7, Edm.Solver.HEUN, 0, 0, 1e9, 1),
        new FixedStepRungeKutta(ButcherTableau.HEUN, 20, TimeGrid.Spacing.UNIFORM)}) {
      Components viaScore = new Components(GRID, VP, new OracleScoreModel(GRID.gaussianMixture(), VP), null,
          integrator);
      Components viaModel = new Components(GRID, VP, model(p, VP), null, integrator);
      Method scoreMethod = new ScoreSdeMethod(null, 1e-3);
      Method modelMethod = new ScoreSdeMethod(null, 1e-3, p, io.driftkit.sde.FlowMetrics.NONE);
      modelMethod.validate(viaModel);
      INDArray a = scoreMethod.sample(viaScore, 50, new RandomSource(7), StepObserver.NONE).samples();
      INDArray b = modelMethod.sample(viaModel, 50, new RandomSource(7), StepObserver.NONE).samples();
      assertThat(b.sub(a).amaxNumber().doubleValue()).as("%s with %s", p, integrator).isLessThan(1e-8);
    }
  }

  @Test
  void aParametrisationNeedingMarginalsIsRefusedOnANonLinearProcess() {
    TanhDriftProcess tanh = new TanhDriftProcess(1, 1, 4);
    Components components = new Components(GRID, tanh, model(Prediction.EPS, VP), null,
        new FixedStepRungeKutta(ButcherTableau.HEUN, 20, TimeGrid.Spacing.UNIFORM));
    Method method = new ScoreSdeMethod(null, 1e-3, Prediction.EPS, io.driftkit.sde.FlowMetrics.NONE);
    assertThatThrownBy(() -> method.validate(components)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.prediction").hasMessageContaining("'eps'").hasMessageContaining("score");
    assertThat(Predictions.toScore(Prediction.X0, 0.5, 0.2).a()).isCloseTo(0.5 / 0.04, within(1e-12));
  }
}
