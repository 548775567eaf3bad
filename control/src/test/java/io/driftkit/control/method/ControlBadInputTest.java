package io.driftkit.control.method;

import static io.driftkit.control.method.ControlTrainingTest.assemble;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.Components;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.StepObserver;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.core.run.AssembledRun;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the control samplers refuse before a run starts, with a message naming the key, and what they report rather
 * than hide while it runs (paths whose log weight is not finite are dropped and counted).
 */
class ControlBadInputTest {

  @Test
  void ddsNeedsTheOrnsteinUhlenbeckReference() {
    assertThatThrownBy(() -> assemble("method=dds", "forward=vp", "target=gaussian", "target.dim=2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'forward'").hasMessageContaining("ou");
  }

  @Test
  void pisNeedsADriftlessBrownianReference() {
    assertThatThrownBy(() -> assemble("method=pis", "forward=ou", "target=gaussian", "target.dim=2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("'forward'").hasMessageContaining("scaled-bm");
  }

  @Test
  void theNoiseAdaptedGridDoesNotSilentlyOverrideAnotherSpacing() {
    assertThatThrownBy(() -> assemble("method=dis", "method.grid-variance=0.01", "integrator.grid=cosine",
        "target=gaussian", "target.dim=2"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("method.grid-variance")
        .hasMessageContaining("integrator.grid");
  }

  @Test
  void pathKlNeedsTheTargetsGradient() {
    AssembledRun run = assemble("method=dis", "loss=path-kl", "target=gaussian", "target.dim=2", "model.hidden=8");
    Components c = run.components();
    Target withoutGradient = new Wrapped(c.target()) {
      @Override
      public boolean hasGradient() {
        return false;
      }
    };
    assertThatThrownBy(() -> run.method().validate(new Components(withoutGradient, c.forward(), c.model(),
        c.loss(), c.integrator())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loss = path-kl").hasMessageContaining("gradient");
  }

  @Test
  void pathsWithANonFiniteLogWeightAreDroppedAndCounted() {
    AssembledRun run = assemble("method=dis", "target=gaussian", "target.dim=2", "model.hidden=8",
        "integrator.steps=10", "method.sample-batch=300");
    Components c = run.components();
    // log rho overflows to +infinity wherever x0 > 1: those paths carry no usable weight
    Target overflowing = new Wrapped(c.target()) {
      @Override
      public INDArray logDensity(INDArray x) {
        double[] v = Rows.values(inner.logDensity(x));
        double[] x0 = Rows.values(x.getColumn(0));
        for (int i = 0; i < v.length; i++) {
          if (x0[i] > 1) {
            v[i] = Double.POSITIVE_INFINITY;
          }
        }
        return Rows.vector(v);
      }
    };
    int n = 1000;
    Method.Sample s = run.method().sample(new Components(overflowing, c.forward(), c.model(), c.loss(),
        c.integrator()), n, new RandomSource(5), StepObserver.NONE);
    long kept = s.samples().size(0);
    assertThat(s.metrics().get("nonfinite_weights").intValue()).isEqualTo(n - kept).isGreaterThan(50);
    double[] lw = Rows.values(s.logWeights());
    assertThat(lw).hasSize((int) kept);
    assertThat(java.util.Arrays.stream(lw).allMatch(Double::isFinite)).isTrue();
    assertThat(java.util.Arrays.stream(Rows.values(s.samples().getColumn(0))).max().orElseThrow()).isLessThanOrEqualTo(1);
  }

  /** A target that forwards everything to another. */
  private static class Wrapped implements Target {
    final Target inner;

    Wrapped(Target inner) {
      this.inner = inner;
    }

    @Override
    public int dim() {
      return inner.dim();
    }

    @Override
    public INDArray logDensity(INDArray x) {
      return inner.logDensity(x);
    }

    @Override
    public INDArray gradLogDensity(INDArray x) {
      return inner.gradLogDensity(x);
    }
  }
}
