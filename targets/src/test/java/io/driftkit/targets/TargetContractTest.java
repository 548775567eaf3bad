package io.driftkit.targets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.testkit.TargetContract;
import io.driftkit.toolkit.GaussianMixture;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kit's target contract for every registered target, with its default settings and, where the defaults are
 * beyond quadrature, in two dimensions too (the same code with other settings), so that every declared log Z is
 * checked against an integral.
 */
class TargetContractTest {

  /** A registered target built as a run builds it, from its name and settings. */
  abstract static class Registered extends TargetContract {
    abstract String name();

    Map<String, String> settings() {
      return Map.of();
    }

    @Override
    protected Target target() {
      return TargetTesting.create(name(), settings());
    }

    /** ND4J refuses some ops on empty arrays (no run hands a target zero rows); the row-loop targets take them. */
    @Override
    protected boolean supportsEmptyBatch() {
      return !Set.of("gaussian", "logreg-ionosphere", "logreg-sonar", "logreg-credit", "lgcp").contains(name());
    }

    /** The project's messages also name the target and the expected shape. */
    @Test
    void wrongDimensionNamesTheTargetAndTheShape() {
      Target t = target();
      assumeTrue(t.hasLogDensity(), "data-only target");
      INDArray wrong = new RandomSource(1).normal(2, t.dim() + 1);
      assertThatThrownBy(() -> t.logDensity(wrong)).hasMessageContaining("[n, " + t.dim() + "]")
          .hasMessageContaining(name());
      if (t.hasGradient()) {
        assertThatThrownBy(() -> t.gradLogDensity(wrong)).hasMessageContaining("[n, " + t.dim() + "]")
            .hasMessageContaining(name());
      }
    }

    /** ... and what a target lacks (a gradient, any density) is refused naming the target. */
    @Test
    void whatTheTargetLacksIsRefusedNamingIt() {
      Target t = target();
      assumeTrue(!t.hasLogDensity() || !t.hasGradient(), "the target has a log density and its gradient");
      INDArray x = t.sample(2, new RandomSource(1));
      assertThatThrownBy(() -> t.gradLogDensity(x)).hasMessageContaining(name());
      if (!t.hasLogDensity()) {
        assertThatThrownBy(() -> t.logDensity(x)).hasMessageContaining(name());
      }
    }
  }

  /** Importance sampling from a Gaussian in d dimensions cannot see these targets' log Z; a 2-d variant does. */
  abstract static class CheckedInTwoDimensions extends Registered {
    @Override
    protected Optional<Target> importanceProposal() {
      return Optional.empty();
    }
  }

  @Test
  void everyRegisteredTargetIsCovered() {
    Set<String> covered = new TreeSet<>();
    for (Class<?> c : TargetContractTest.class.getDeclaredClasses()) {
      if (Registered.class.isAssignableFrom(c) && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
        try {
          var ctor = c.getDeclaredConstructor(TargetContractTest.class);
          covered.add(((Registered) ctor.newInstance(this)).name());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    assertThat(covered).containsAll(TargetTesting.factories().keySet());
  }

  @Nested
  class Gaussian extends Registered {
    @Override
    String name() {
      return "gaussian";
    }
  }

  @Nested
  class CorrelatedGaussian extends Registered {
    @Override
    String name() {
      return "gaussian";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("mean", "1,-2", "covariance", "2,0.6,0.6,0.5");
    }
  }

  /** d = 5: log Z by importance sampling from the default (fitted, widened) Gaussian proposal. */
  @Nested
  class Gaussian5d extends Registered {
    @Override
    String name() {
      return "gaussian";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("dim", "5", "mean", "1,0,-1,2,0.5", "variance", "0.5,1,2,3,0.25");
    }
  }

  @Nested
  class GmmGrid extends Registered {
    @Override
    String name() {
      return "gmm-grid";
    }
  }

  @Nested
  class Gmm25 extends Registered {
    @Override
    String name() {
      return "gmm-25";
    }
  }

  /** 40 components in 50 dimensions: the mixture check against Commons Math covers log Z = 0. */
  @Nested
  class Gmm40 extends CheckedInTwoDimensions {
    @Override
    String name() {
      return "gmm-40";
    }
  }

  @Nested
  class Funnel extends CheckedInTwoDimensions {
    @Override
    String name() {
      return "funnel";
    }
  }

  /**
   * The funnel's x1 spreads as e^(x0 / 2): with sigma = 3 no uniform grid resolves both neck and mouth. With
   * sigma = 0.5 the box x0 in +-4.5 (9 sd) by x1 in +-70 (7 sd at the widest x0) holds all but e^-27 of the mass, and
   * 800 intervals resolve the neck where it carries mass.
   */
  @Nested
  class Funnel2d extends Registered {
    @Override
    String name() {
      return "funnel";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("dim", "2", "sigma", "0.5");
    }

    @Override
    protected Optional<double[][]> quadratureBox() {
      return Optional.of(new double[][] {{-4.5, -70}, {4.5, 70}});
    }

    @Override
    protected int quadratureIntervals() {
      return 800;
    }
  }

  @Nested
  class ManyWell extends CheckedInTwoDimensions {
    @Override
    String name() {
      return "many-well";
    }
  }

  @Nested
  class ManyWellPair extends Registered {
    @Override
    String name() {
      return "many-well";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("dim", "2");
    }
  }

  /**
   * Five bimodal coordinates: a Gaussian proposal has an ESS of 1e-4. The proposal puts N(+-2, 0.25^2) on each
   * coordinate (the wells of (x^2 - 4)^2 sit at +-2 with sd 1/sqrt(32) = 0.18), the 32 corners as one mixture.
   */
  @Nested
  class DoubleWell extends Registered {
    @Override
    String name() {
      return "double-well";
    }

    @Override
    protected Optional<Target> importanceProposal() {
      int d = 5;
      int k = 1 << d;
      double[] w = new double[k];
      double[][] means = new double[k][d];
      double[] var = new double[k];
      for (int c = 0; c < k; c++) {
        w[c] = 1;
        var[c] = 0.0625;
        for (int i = 0; i < d; i++) {
          means[c][i] = ((c >> i) & 1) == 0 ? -2 : 2;
        }
      }
      return Optional.of(new io.driftkit.testkit.MixtureTarget(GaussianMixture.isotropic(w, means, var)));
    }
  }

  @Nested
  class DoubleWell2d extends Registered {
    @Override
    String name() {
      return "double-well";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("dim", "2", "m", "2", "delta", "2");
    }
  }

  /**
   * The default banana (x1 sd 3.2, x2 reaching x1^2 ~ 600 with sd 0.32 about it) needs some 4000 grid intervals on
   * x2; its log Z formula is checked with rounder coefficients below.
   */
  @Nested
  class Rosenbrock extends Registered {
    @Override
    String name() {
      return "rosenbrock";
    }

    @Override
    protected Optional<double[][]> quadratureBox() {
      return Optional.empty();
    }
  }

  /** a = b = 1/2: x1 ~ N(1, 1), x2 ~ N(x1^2, 1); the box holds 8 sd of x1 and all of x2 within it. */
  @Nested
  class RosenbrockRound extends Registered {
    @Override
    String name() {
      return "rosenbrock";
    }

    @Override
    Map<String, String> settings() {
      return Map.of("a", "0.5", "b", "0.5");
    }

    @Override
    protected Optional<double[][]> quadratureBox() {
      return Optional.of(new double[][] {{-7, -8}, {9, 90}});
    }

    @Override
    protected int quadratureIntervals() {
      return 800;
    }
  }

  @Nested
  class LogregIonosphere extends Registered {
    @Override
    String name() {
      return "logreg-ionosphere";
    }
  }

  @Nested
  class LogregSonar extends Registered {
    @Override
    String name() {
      return "logreg-sonar";
    }
  }

  @Nested
  class LogregCredit extends Registered {
    @Override
    String name() {
      return "logreg-credit";
    }
  }

  @Nested
  class Lgcp extends Registered {
    @Override
    String name() {
      return "lgcp";
    }
  }

  /** Rings blurred by a Gaussian: a smooth density (Bessel I0), log Z = 0 by quadrature. */
  @Nested
  class Circles extends Registered {
    @Override
    String name() {
      return "circles";
    }
  }

  /**
   * Piecewise constant: the trapezoid rule converges only at first order across the squares' edges, so log Z and
   * the sampler are checked in PlanarDataSetsTest against the board's exact areas instead.
   */
  @Nested
  class Checkerboard extends Registered {
    @Override
    String name() {
      return "checkerboard";
    }

    @Override
    protected Optional<double[][]> quadratureBox() {
      return Optional.empty();
    }
  }

  @Nested
  class Blob extends Registered {
    @Override
    String name() {
      return "blob";
    }
  }

  /** Data-only: samples, no density (its laws are checked in PlanarDataSetsTest). */
  @Nested
  class TwoMoons extends Registered {
    @Override
    String name() {
      return "two-moons";
    }
  }

  @Nested
  class SwissRoll extends Registered {
    @Override
    String name() {
      return "swiss-roll";
    }
  }
}
