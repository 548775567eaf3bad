package io.driftkit.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.toolkit.GaussianMixture;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The contract passes on a correct target and fails on each kind of defect it promises to catch. */
class TargetContractSelfTest {

  static final MixtureTarget BIMODAL = new MixtureTarget(GaussianMixture.isotropic(new double[] {1, 2},
      new double[][] {{-1.5, 0}, {1, 1}}, new double[] {0.4, 0.7}), 1.25, PlotBox.square(4));

  @Nested
  class CorrectTwoDimensional extends TargetContract {
    @Override
    protected Target target() {
      return BIMODAL;
    }
  }

  @Nested
  class CorrectFiveDimensional extends TargetContract {
    @Override
    protected Target target() {
      return new MixtureTarget(GaussianMixture.isotropic(new double[] {1}, new double[][] {{0, 1, 2, 3, 4}},
          new double[] {2}), -3, PlotBox.square(6));
    }
  }

  /** N(m, 2 I) in five dimensions, with its Hessian-vector product -v / 2 declared. */
  static final Target GAUSSIAN_WITH_HESSIAN = new Delegate(new MixtureTarget(GaussianMixture.isotropic(
      new double[] {1}, new double[][] {{0, 1, 2, 3, 4}}, new double[] {2}), -3, PlotBox.square(6))) {
    @Override
    public java.util.Optional<HessianVectorProduct> hessianVectorProduct() {
      return java.util.Optional.of((x, v) -> v.mul(-0.5));
    }
  };

  @Nested
  class CorrectClosedFormHessian extends TargetContract {
    @Override
    protected Target target() {
      return GAUSSIAN_WITH_HESSIAN;
    }
  }

  @Test
  void aHessianVectorProductOffByOnePartInAMillionFails() {
    fails(new Delegate(GAUSSIAN_WITH_HESSIAN) {
      @Override
      public java.util.Optional<HessianVectorProduct> hessianVectorProduct() {
        return java.util.Optional.of((x, v) -> v.mul(-0.5 * (1 + 1e-6)));
      }
    }, TargetContract::hessianVectorProductMatchesDifferencesOfTheGradient);
  }

  /** A target that delegates to another, so one defect at a time can be planted. */
  static class Delegate implements Target {
    final Target inner;

    Delegate(Target inner) {
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

    @Override
    public OptionalDouble logNormalizer() {
      return inner.logNormalizer();
    }

    @Override
    public boolean hasExactSampler() {
      return inner.hasExactSampler();
    }

    @Override
    public INDArray sample(int n, RandomSource random) {
      return inner.sample(n, random);
    }

    @Override
    public PlotBox plotBox() {
      return inner.plotBox();
    }
  }

  private static void fails(Target broken, Consumer<TargetContract> check) {
    TargetContract contract = new TargetContract() {
      @Override
      protected Target target() {
        return broken;
      }
    };
    assertThatThrownBy(() -> check.accept(contract)).isInstanceOf(AssertionError.class);
  }

  @Test
  void aGradientOffByOnePartInAMillionFails() {
    fails(new Delegate(BIMODAL) {
      @Override
      public INDArray gradLogDensity(INDArray x) {
        return inner.gradLogDensity(x).muli(1 + 1e-6);
      }
    }, TargetContract::gradientMatchesCentralFiniteDifferences);
  }

  @Test
  void aLogZOffBy1e5FailsTheQuadrature() {
    fails(new Delegate(BIMODAL) {
      @Override
      public OptionalDouble logNormalizer() {
        return OptionalDouble.of(inner.logNormalizer().getAsDouble() + 1e-5);
      }
    }, TargetContract::logZMatchesQuadratureInOneOrTwoDimensions);
  }

  @Test
  void aLogZOffByFivePercentFailsImportanceSampling() {
    Target five = new MixtureTarget(GaussianMixture.isotropic(new double[] {1}, new double[][] {{0, 1, 2, 3, 4}},
        new double[] {2}), -3, PlotBox.square(6));
    fails(new Delegate(five) {
      @Override
      public OptionalDouble logNormalizer() {
        return OptionalDouble.of(-3.05);
      }
    }, TargetContract::logZMatchesImportanceSamplingInHigherDimensions);
  }

  @Test
  void aSamplerFivePercentTooWideFails() {
    fails(new Delegate(BIMODAL) {
      @Override
      public INDArray sample(int n, RandomSource random) {
        return inner.sample(n, random).muli(1.05);
      }
    }, TargetContract::exactSamplesHaveTheReferenceMoments);
  }

  @Test
  void rowsThatSeeTheirBatchFail() {
    fails(new Delegate(BIMODAL) {
      @Override
      public INDArray logDensity(INDArray x) {
        INDArray out = inner.logDensity(x);
        return out.subi(1e-9 * x.rows());
      }
    }, TargetContract::rowsDoNotDependOnTheRestOfTheBatch);
  }

  @Test
  void aColumnInsteadOfAVectorFails() {
    fails(new Delegate(BIMODAL) {
      @Override
      public INDArray logDensity(INDArray x) {
        INDArray out = inner.logDensity(x);
        return out.reshape(out.length(), 1);
      }
    }, TargetContract::batchesHaveTheDeclaredShapesAndInputsAreLeftAlone);
  }

  @Test
  void aTargetThatWritesIntoItsInputFails() {
    fails(new Delegate(BIMODAL) {
      @Override
      public INDArray gradLogDensity(INDArray x) {
        INDArray g = inner.gradLogDensity(x);
        x.putScalar(0, x.getDouble(0) + 1e-3);
        return g;
      }
    }, TargetContract::batchesHaveTheDeclaredShapesAndInputsAreLeftAlone);
  }

  @Test
  void aTargetThatAcceptsAnyDimensionFails() {
    Target lax = new Target() {
      @Override
      public int dim() {
        return 2;
      }

      @Override
      public INDArray logDensity(INDArray x) {
        return x.mul(x).sum(1).muli(-0.5);
      }

      @Override
      public INDArray gradLogDensity(INDArray x) {
        return x.neg();
      }
    };
    fails(lax, TargetContract::aWrongDimensionIsRefused);
  }

  @Test
  void aMixtureThatIsNotTheDensityFails() {
    Target other = new MixtureTarget(GaussianMixture.isotropic(new double[] {1, 2},
        new double[][] {{-1.5, 0}, {1, 1.01}}, new double[] {0.4, 0.7}), 1.25, PlotBox.square(4));
    fails(new Delegate(BIMODAL) {
      @Override
      public java.util.Optional<io.driftkit.api.GaussianMixtureSpec> mixture() {
        return other.mixture();
      }
    }, TargetContract::declaredMixtureIsTheDensity);
  }
}
