package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.Prior;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.deterministic.oracle.FokkerPlanckScore;
import io.driftkit.deterministic.oracle.ProductMixture;
import io.driftkit.models.OracleScoreModel;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.VariancePreserving;
import io.driftkit.testkit.MixtureTarget;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Fokker–Planck oracle as a drift model: per-coordinate solutions assembled into a d-D score. */
class FokkerPlanckScoreTest {

  static final VariancePreserving VP = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);

  /**
   * gmm-grid is a product of two three-mode coordinates: under VP (seen only through the SPI, grid sized from its
   * prior) the oracle's 2-D score matches the closed-form mixture score to 1e-5 over points the flow visits.
   */
  @Test
  void matchesTheClosedFormScoreOfGmmGridUnderVp() {
    MixtureTarget grid = MixtureTarget.grid();
    FokkerPlanckScore oracle = new FokkerPlanckScore(VP, ProductMixture.of(grid.gaussianMixture().spec())
        .orElseThrow(), new FokkerPlanckScore.Resolution(801, 401, 2));
    OracleScoreModel exact = new OracleScoreModel(grid.gaussianMixture(), VP);
    for (double t : new double[] {0.002, 0.1, 0.4, 1.0}) {
      // points from p_t itself: data points diffused to t
      INDArray x = grid.gaussianMixture().diffuse(VP.alpha(t), VP.sigma(t)).sample(300, new RandomSource(3));
      INDArray want = exact.evaluate(x, t);
      double err = oracle.evaluate(x, t).sub(want).amaxNumber().doubleValue();
      assertThat(err).as("t = %s (score scale %s)", t, want.amaxNumber()).isLessThan(1e-5);
    }
  }

  /** A drift that mixes coordinates cannot be solved one coordinate at a time: refused, naming the coordinate. */
  @Test
  void refusesADriftThatCouplesCoordinates() {
    ForwardProcess rotating = new ForwardProcess() {
      @Override
      public double horizon() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        INDArray out = x.neg();
        out.getColumn(0).addi(x.getColumn(1).mul(0.5));
        return out;
      }

      @Override
      public double diffusion(double t) {
        return 1;
      }

      @Override
      public Prior prior(int dim) {
        return VP.prior(dim);
      }
    };
    assertThatThrownBy(() -> new FokkerPlanckScore(rotating, ProductMixture.of(MixtureTarget.grid()
        .gaussianMixture().spec()).orElseThrow(), new FokkerPlanckScore.Resolution(101, 11, 1)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("coordinate 0");
  }
}
