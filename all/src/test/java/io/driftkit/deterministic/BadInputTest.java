package io.driftkit.deterministic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Dynamics;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.config.ConfigException;
import io.driftkit.core.config.RunConfig;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.run.AssembledRun;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.deterministic.sampler.Ddim;
import io.driftkit.deterministic.sampler.DpmSolverPlusPlus;
import io.driftkit.deterministic.sampler.Edm;
import io.driftkit.deterministic.sampler.RestorationDegradation;
import io.driftkit.deterministic.sampler.StepSchedule;
import io.driftkit.api.Integrator;
import io.driftkit.sde.forward.BetaSchedule;
import io.driftkit.sde.forward.VariancePreserving;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every bad input of the deterministic samplers is refused before anything runs, naming the key and what fits. */
class BadInputTest {

  static final RunAssembler ASSEMBLER = new RunAssembler(PluginRegistry.load());

  static AssembledRun assemble(String... assignments) {
    List<String> all = new java.util.ArrayList<>(List.of("method=score-sde", "target=gmm-grid",
        "model=oracle-score", "train.steps=0"));
    all.addAll(List.of(assignments));
    return ASSEMBLER.assemble(RunConfig.of("test", Map.of()).with(all));
  }

  @Test
  void samplersThatNeedALinearProcessNameTheOnesThatAcceptANonLinearOne() {
    for (String sampler : List.of("ddim", "edm", "dpm-solver")) {
      assertThatThrownBy(() -> assemble("forward=tanh", "model=oracle-fp-score", "model.grid-points=101",
          "model.time-points=11", "integrator=" + sampler)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("integrator '" + sampler + "'").hasMessageContaining("linear forward process")
          .hasMessageContaining("rd, euler, heun, rk4, rk45");
    }
  }

  @Test
  void edmRefusesItsBadSettings() {
    assertThatThrownBy(() -> assemble("forward=ve", "integrator=edm", "integrator.sigma-min=1",
        "integrator.sigma-max=0.5")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("integrator.sigma-min").hasMessageContaining("sigma-max");
    assertThatThrownBy(() -> assemble("forward=ve", "forward.sigma-max=10", "integrator=edm",
        "integrator.sigma-min=20")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("integrator.sigma-min").hasMessageContaining("below sigma-max");
    assertThatThrownBy(() -> assemble("forward=ve", "integrator=edm", "integrator.rho=0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.rho").hasMessageContaining("> 0");
    assertThatThrownBy(() -> assemble("forward=ve", "integrator=edm", "integrator.rho=-2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.rho");
    assertThatThrownBy(() -> assemble("forward=ve", "forward.sigma-max=10", "integrator=edm",
        "integrator.sigma-max=80")).isInstanceOf(ConfigException.class).hasMessageContaining("integrator.sigma-max")
        .hasMessageContaining("horizon");
  }

  @Test
  void stepsBelowASamplersMinimumAreRefused() {
    assertThatThrownBy(() -> assemble("forward=ve", "integrator=edm", "integrator.steps=1"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.steps");
    assertThatThrownBy(() -> assemble("integrator=ddim", "integrator.steps=0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.steps");
    assertThatThrownBy(() -> assemble("integrator=dpm-solver", "integrator.order=4"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.order");
  }

  @Test
  void negativeEtaIsRefused() {
    assertThatThrownBy(() -> assemble("integrator=ddim", "integrator.eta=-0.5"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.eta").hasMessageContaining(">= 0");
  }

  @Test
  void aParametrisationTheProcessCannotConvertIsRefused() {
    assertThatThrownBy(() -> assemble("forward=tanh", "model=oracle-fp-score", "model.grid-points=101",
        "model.time-points=11", "integrator=rd", "method.prediction=x0")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.prediction").hasMessageContaining("'x0'");
  }

  /** An exact score oracle read as eps would be converted into nonsense without a word. */
  @Test
  void aModelThatGivesTheScoreIsNotReadAsAnotherParametrisation() {
    assertThatThrownBy(() -> assemble("forward=vp", "integrator=ddim", "method.prediction=eps"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'method.prediction'")
        .hasMessageContaining("gives the score by construction");
    assemble("forward=vp", "integrator=ddim", "method.prediction=score");
  }

  @Test
  void logSnrStepsNeedALinearProcess() {
    assertThatThrownBy(() -> assemble("forward=tanh", "model=oracle-fp-score", "model.grid-points=101",
        "model.time-points=11", "integrator=rd", "integrator.schedule=log-snr"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("integrator.schedule");
  }

  @Test
  void flowMetricsNeedAnOdeIntegratorForGenericDynamics() {
    assertThatThrownBy(() -> assemble("integrator=ddim", "method.likelihood-n=10"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("method.likelihood-n")
        .hasMessageContaining("rk45");
    assertThatThrownBy(() -> assemble("integrator=euler-maruyama", "method.reconstruction-n=10"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("method.reconstruction-n");
  }

  @Test
  void theFokkerPlanckOracleNeedsIndependentCoordinates() {
    assertThatThrownBy(() -> assemble("target=gmm-40", "forward=tanh", "model=oracle-fp-score", "integrator=rd"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("oracle-fp-score")
        .hasMessageContaining("independent");
  }

  /** A model output that is not finite stops every noise-schedule sampler at its step, naming it. */
  @Test
  void nonFiniteModelOutputStopsNamingTheStep() {
    VariancePreserving vp = new VariancePreserving(BetaSchedule.linear(0.1, 20), 1.0);
    Dynamics broken = vp.reverse((x, t) -> t < 0.5 ? Nd4j.valueArrayOf(x.shape(), Double.NaN) : x.neg(), 2, false);
    INDArray x0 = Nd4j.ones(4, 2);
    for (Integrator sampler : List.of(new Ddim(10, 0, StepSchedule.TIME), new RestorationDegradation(10,
        StepSchedule.TIME, 2), new DpmSolverPlusPlus(10, 2, StepSchedule.TIME, true), new Edm(10, 0.002, 0, 7,
        Edm.Solver.HEUN, 0, 0, 1e9, 1))) {
      assertThatThrownBy(() -> sampler.integrate(broken, x0, TimeGrid.uniform(0, 0.999, 10), new RandomSource(0),
          StepObserver.NONE)).as(sampler.toString()).isInstanceOf(IllegalStateException.class).hasMessageContaining("not finite")
          .hasMessageContaining("at step").hasMessageContaining("NaN at sample 0");
    }
  }

  @Test
  void noiseScheduleSamplersRefuseDynamicsThatAreNotAReversal() {
    Dynamics plain = new Dynamics() {
      @Override
      public int dim() {
        return 1;
      }

      @Override
      public INDArray drift(INDArray x, double t) {
        return x.neg();
      }

      @Override
      public double diffusion(double t) {
        return 0;
      }
    };
    assertThatThrownBy(() -> new Ddim(4, 0, StepSchedule.TIME).validate(plain)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("integrator 'ddim'").hasMessageContaining("reversal");
    assertThat(assemble("forward=ve", "integrator=edm").components().integrator()).isInstanceOf(Edm.class);
  }
}
