package io.driftkit.core.testing;

import io.driftkit.testkit.MixtureTarget;
import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.api.plugin.DriftkitPlugin;
import io.driftkit.api.plugin.SpiVersion;
import io.driftkit.toolkit.GaussianMixture;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Plugins that exist only for tests of the runtime. */
public final class TestPlugins {

  private TestPlugins() {}

  /** Registers {@code test-gaussian} (settable mean, variance, dim) and {@code test-nan} (NaN gradient far out). */
  public static final class Targets extends DriftkitPlugin {
    public Targets() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-gaussian", new GaussianFactory());
      targets().bind("test-nan", new NanFactory());
    }
  }

  /** Registers {@code test-gaussian} again, to provoke a duplicate. */
  public static final class Duplicate extends DriftkitPlugin {
    public Duplicate() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-gaussian", new GaussianFactory());
    }
  }

  /** Claims an SPI version from the future. */
  public static final class FromTheFuture extends DriftkitPlugin {
    public FromTheFuture() {
      super(SpiVersion.CURRENT + 1);
    }

    @Override
    protected void configure() {}
  }

  /** Registers {@code test-exploding}, whose factory's constructor throws, next to a healthy {@code test-calm}. */
  public static final class Exploding extends DriftkitPlugin {
    public Exploding() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-calm", new GaussianFactory());
      targets().bind("test-exploding", ExplodingFactory.class);
    }
  }

  /** A factory Guice cannot construct: its constructor throws. */
  public static final class ExplodingFactory extends GaussianFactory {
    public ExplodingFactory() {
      throw new IllegalStateException("no licence file for test-exploding");
    }
  }

  /** Throws from {@code configure()} after registering one name. */
  public static final class FailingConfigure extends DriftkitPlugin {
    public FailingConfigure() {
      super(SpiVersion.CURRENT);
    }

    @Override
    protected void configure() {
      targets().bind("test-half", new GaussianFactory());
      throw new IllegalStateException("configuration file missing");
    }
  }

  static final Setting<Integer> DIM = Setting.integer("dim", 2, "dimension").atLeast(1);
  static final Setting<Double> MEAN = Setting.real("mean", 0.0, "mean of every coordinate");
  static final Setting<Double> VARIANCE = Setting.real("variance", 1.0, "variance").greaterThan(0);

  static class GaussianFactory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "test Gaussian";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DIM, MEAN, VARIANCE);
    }

    @Override
    public Target create(Settings s, ComponentContext context) {
      int d = s.get(DIM);
      double[] mean = new double[d];
      double[] var = new double[d];
      java.util.Arrays.fill(mean, s.get(MEAN));
      java.util.Arrays.fill(var, s.get(VARIANCE));
      return MixtureTarget.gaussian(mean, var);
    }
  }

  static final class NanFactory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "a standard normal whose gradient is NaN where |x0| > 3";
    }

    @Override
    public Target create(Settings s, ComponentContext context) {
      MixtureTarget base = new MixtureTarget(GaussianMixture.isotropic(new double[] {1},
          new double[][] {{0, 0}}, new double[] {1}), 0, PlotBox.square(4));
      return new Target() {
        @Override
        public int dim() {
          return 2;
        }

        @Override
        public INDArray logDensity(INDArray x) {
          return base.logDensity(x);
        }

        @Override
        public INDArray gradLogDensity(INDArray x) {
          INDArray g = base.gradLogDensity(x);
          double[][] v = x.toDoubleMatrix();
          for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i][0]) > 3) {
              g.putScalar(i, 0, Double.NaN);
            }
          }
          return g;
        }
      };
    }
  }
}
