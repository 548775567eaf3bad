package io.driftkit.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.driftkit.api.Components;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.TimeGrid;
import io.driftkit.api.TrainingContext;
import io.driftkit.api.TrainingHost;
import io.driftkit.api.TrainingSupport;
import io.driftkit.testkit.MixtureTarget;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The IPF schedule with a stand-in host: which phases run in what order, which networks are kept when an iteration
 * diverges, what iteration 1 alone weighs with, and the mean-matching gradient against finite differences.
 */
class DsbMethodTest {

  private final MixtureTarget target = MixtureTarget.gaussian(new double[] {1, -1}, new double[] {0.5, 0.8});

  private DsbMethod method(int iterations, LearnableDriftModel forward) {
    return method(iterations, forward, true, DsbMethod.MeanTarget.STATE);
  }

  private DsbMethod method(int iterations, LearnableDriftModel forward, boolean warmStart,
      DsbMethod.MeanTarget meanTarget) {
    return new DsbMethod(new DsbMethod.Config(8, TimeGrid.Spacing.UNIFORM, iterations, 50, 10, warmStart,
        meanTarget, 1, null, 100, true, 1000, 0), null, forward);
  }

  private Components components(LearnableDriftModel backward) {
    return new Components(target, TestReferences.ou(0, 1, 1), backward, null, null);
  }

  /** Sets each phase's network to a value naming the phase, and reports divergence for the named phase. */
  private static final class FakeHost implements TrainingHost {
    final List<String> phases = new ArrayList<>();
    final List<double[]> startWeights = new ArrayList<>();
    final String failing;
    final double failValue;
    /** Phases that take no optimiser step, as when a time budget is spent. */
    final java.util.Set<String> idle = new java.util.HashSet<>();

    FakeHost(String failing, double failValue) {
      this.failing = failing;
      this.failValue = failValue;
    }

    @Override
    public Phase train(String phase, LearnableDriftModel model, Loss loss, TrainingSupport support) {
      phases.add(phase);
      startWeights.add(Rows.values(model.parameters()).clone());
      if (idle.contains(phase)) {
        return new Phase(phase, 0, Double.NaN, 0, -1, "no step");
      }
      boolean fails = phase.equals(failing);
      double[] v = new double[(int) model.parameterCount()];
      java.util.Arrays.fill(v, fails ? failValue : -0.01 * phases.size());
      model.setParameters(Rows.vector(v));
      return new Phase(phase, 10, 1, 0, fails && Double.isNaN(failValue) ? 3 : -1, "fake");
    }

    @Override
    public void record(int iteration, String name, double value) {}

    @Override
    public void compare(int iteration, String name, INDArray samples, INDArray reference) {}

    @Override
    public void recordLogWeights(int iteration, String name, double[] logWeights) {}

    @Override
    public void log(String message) {}
  }

  @Test
  void phasesAlternateBackwardFirst() {
    LinearTestModel back = new LinearTestModel(2);
    FakeHost host = new FakeHost("", 0);
    DsbMethod dsb = method(3, new LinearTestModel(2));
    assertThat(dsb.phases(components(back))).isEqualTo(5);
    dsb.train(components(back), host, new RandomSource(1));
    assertThat(host.phases).containsExactly("ipf-1-backward", "ipf-2-forward", "ipf-2-backward", "ipf-3-forward",
        "ipf-3-backward");
  }

  /** Without warm start every phase starts from the network's initial weights, with it from the last phase's. */
  @Test
  void warmStartContinuesFromThePreviousIteration() {
    for (boolean warm : new boolean[] {true, false}) {
      LinearTestModel back = new LinearTestModel(2);
      FakeHost host = new FakeHost("", 0);
      method(2, new LinearTestModel(2), warm, DsbMethod.MeanTarget.STATE).train(components(back), host,
          new RandomSource(1));
      // phases: ipf-1-backward (sets -0.01), ipf-2-forward, ipf-2-backward (starts from -0.01 when warm)
      assertThat(host.startWeights.get(2)).containsOnly(warm ? -0.01 : 0.0);
    }
  }

  /**
   * The paper's mean-matching target: on the reference chain of an Ornstein–Uhlenbeck process (u_f = 0, so
   * F_k(x) = a_k x) it is {@code X_{k+1} + a_k X_k - a_k X_{k+1}}, the state target's X_k mixed with the state.
   */
  @Test
  void papersMeanMatchingTargetIsFormedFromTheForwardMeans() {
    Components c = new Components(target, TestReferences.ou(1.5, 1.2, 1), new LinearTestModel(2), null, null);
    DsbMethod state = method(1, new LinearTestModel(2), true, DsbMethod.MeanTarget.STATE);
    DsbMethod paper = method(1, new LinearTestModel(2), true, DsbMethod.MeanTarget.DSB);
    BridgeChains chains = state.chains(c);
    TargetSide side = TargetSide.exact(target);
    MeanMatchingLoss.Cache a = state.backwardRows(chains, null, side, new RandomSource(6));
    MeanMatchingLoss.Cache b = paper.backwardRows(chains, null, side, new RandomSource(6));
    assertThat(Rows.values(b.states())).containsExactly(Rows.values(a.states()));
    double[] x1 = Rows.values(a.states());
    double[] x0 = Rows.values(a.targets());
    double[] got = Rows.values(b.targets());
    for (int i = 0; i < got.length; i++) {
      double ak = 1 / b.a()[i / 2]; // the row's backward coefficient is 1 / a_k
      assertThat(got[i]).isCloseTo(x1[i] + ak * x0[i] - ak * x1[i], within(1e-12));
    }
  }

  @Test
  void aDivergedIterationKeepsTheNetworksOfTheLastCompletedOne() {
    LinearTestModel back = new LinearTestModel(2);
    LinearTestModel fwd = new LinearTestModel(2);
    DsbMethod dsb = method(3, fwd);
    dsb.train(components(back), new FakeHost("ipf-3-forward", Double.NaN), new RandomSource(1));
    // after ipf-2-forward (phase 2) and ipf-2-backward (phase 3)
    assertThat(Rows.values(fwd.parameters())).containsOnly(-0.02);
    assertThat(Rows.values(back.parameters())).containsOnly(-0.03);
    Method.Sample s = dsb.sample(components(back), 100, new RandomSource(2), StepObserver.NONE);
    assertThat(s.metrics().get("ipf_iterations")).isEqualTo(2);
    assertThat(s.metrics().get("ipf_failed_iteration")).isEqualTo(3);
  }

  /** Iterations whose phases took no step (a spent time budget) still complete, and the metrics say how many. */
  @Test
  void phasesWithoutAStepAreCounted() {
    LinearTestModel back = new LinearTestModel(2);
    FakeHost host = new FakeHost("", 0);
    host.idle.addAll(List.of("ipf-2-backward", "ipf-3-forward", "ipf-3-backward"));
    DsbMethod dsb = method(3, new LinearTestModel(2));
    dsb.train(components(back), host, new RandomSource(1));
    Method.Sample s = dsb.sample(components(back), 50, new RandomSource(2), StepObserver.NONE);
    assertThat(s.metrics().get("ipf_iterations")).isEqualTo(3);
    assertThat(s.metrics().get("ipf_idle_phases")).isEqualTo(3);
  }

  /** A network that trains to finite but absurd weights makes the chain overflow: that iteration failed too. */
  @Test
  void aChainThatOverflowsCountsAsDiverged() {
    LinearTestModel back = new LinearTestModel(2);
    DsbMethod dsb = method(2, new LinearTestModel(2));
    dsb.train(components(back), new FakeHost("ipf-2-backward", 1e300), new RandomSource(1));
    assertThat(Rows.values(back.parameters())).containsOnly(-0.01);
    assertThat(dsb.sample(components(back), 10, new RandomSource(2), StepObserver.NONE).metrics()
        .get("ipf_failed_iteration")).isEqualTo(2);
  }

  @Test
  void aDivergedFirstIterationEndsTheRunSayingSo() {
    LinearTestModel back = new LinearTestModel(2);
    assertThatThrownBy(() -> method(2, new LinearTestModel(2)).train(components(back),
        new FakeHost("ipf-1-backward", Double.NaN), new RandomSource(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("IPF iteration 1 diverged")
        .hasMessageContaining("ipf-1-backward");
  }

  /** Iteration 1 alone is the plain denoising-diffusion sampler: its weights use the reference, not the twin. */
  @Test
  void firstIterationAloneWeighsWithTheReference() {
    LinearTestModel back = new LinearTestModel(2);
    LinearTestModel fwd = new LinearTestModel(2);
    fwd.setParameters(Rows.vector(new double[] {0.7, 0.7, 3, 3}));
    DsbMethod dsb = method(1, fwd);
    dsb.train(components(back), new FakeHost("", 0), new RandomSource(1));
    Method.Sample s = dsb.sample(components(back), 200, new RandomSource(2), StepObserver.NONE);
    BridgeChains chains = dsb.chains(components(back));
    RandomSource r = new RandomSource(2).split("part-0");
    double[] expected = chains.backward(back, null, chains.prior().sample(200, r.split("prior")), r, true, false,
        StepObserver.NONE).logWeights();
    assertThat(Rows.values(s.logWeights())).containsExactly(expected);
  }

  /** The mean-matching loss's gradient against central finite differences on the same batch. */
  @Test
  void meanMatchingGradientMatchesFiniteDifferences() {
    LinearTestModel model = new LinearTestModel(2);
    model.setParameters(Rows.vector(new double[] {0.3, -0.2, 0.1, 0.5}));
    RandomSource random = new RandomSource(4);
    INDArray states = random.normal(40, 2);
    INDArray targets = random.normal(40, 2);
    double[] t = new double[40];
    double[] a = new double[40];
    double[] c = new double[40];
    double[] v = new double[40];
    for (int i = 0; i < 40; i++) {
      t[i] = 0.1 * (i % 5);
      a[i] = 0.9 + 0.01 * i;
      c[i] = 0.2 + 0.005 * i;
      v[i] = 0.1 + 0.01 * (i % 7);
    }
    MeanMatchingLoss loss = new MeanMatchingLoss(r -> new MeanMatchingLoss.Cache(states, targets, t, a, c, v),
        random, 100);
    TrainingContext context = context(model, 16);
    double[] grad = Rows.values(loss.evaluate(context).gradient());
    double[] theta = Rows.values(model.parameters());
    for (int p = 0; p < theta.length; p++) {
      double eps = 1e-6;
      double[] up = theta.clone();
      up[p] += eps;
      double[] down = theta.clone();
      down[p] -= eps;
      model.setParameters(Rows.vector(up));
      double lu = loss.evaluate(context).loss();
      model.setParameters(Rows.vector(down));
      double ld = loss.evaluate(context).loss();
      model.setParameters(Rows.vector(theta));
      assertThat(grad[p]).as("dL/dtheta[%d]", p).isCloseTo((lu - ld) / (2 * eps), within(1e-6));
    }
  }

  private static TrainingContext context(LearnableDriftModel model, int batch) {
    return new TrainingContext() {
      @Override
      public Components components() {
        return null;
      }

      @Override
      public LearnableDriftModel model() {
        return model;
      }

      @Override
      public RandomSource random() {
        return new RandomSource(9); // the same batch at every call
      }

      @Override
      public int batchSize() {
        return batch;
      }

      @Override
      public int step() {
        return 0;
      }

      @Override
      public <S extends TrainingSupport> S support(Class<S> contract) {
        throw new IllegalStateException();
      }
    };
  }
}
