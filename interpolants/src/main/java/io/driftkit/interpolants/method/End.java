package io.driftkit.interpolants.method;

import io.driftkit.api.DataSource;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.interpolants.field.MixtureFields;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.data.CsvDataSource;
import java.nio.file.Path;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One end of an interpolant: the standard normal, a target (the run's or another) or a data file. It gives samples
 * to learn from and to start generation at, reference samples for the metrics, and where known its normalised
 * density (likelihoods) and its Gaussian-mixture form (the oracle).
 */
public final class End {

  /** The smallest data file an end accepts: 9 rows to learn from and 1 held out. */
  static final int MIN_ROWS = 10;
  /** The share of a data file's rows (its last ones) held out for the metrics, as in score-sde. */
  static final double HELD_OUT = 0.1;

  private final String description;
  private final int dim;
  private final DataSource training;
  private final Target target;
  private final INDArray heldOut;
  private final boolean normal;
  private final boolean runTarget;

  private End(String description, int dim, DataSource training, Target target, INDArray heldOut, boolean normal,
      boolean runTarget) {
    this.description = description;
    this.dim = dim;
    this.training = training;
    this.target = target;
    this.heldOut = heldOut;
    this.normal = normal;
    this.runTarget = runTarget;
  }

  /** N(0, I) in dimension d. */
  public static End normal(int d) {
    DataSource gauss = new DataSource() {
      @Override
      public int dim() {
        return d;
      }

      @Override
      public INDArray batch(int n, RandomSource random) {
        return random.normal(n, d);
      }
    };
    return new End("normal N(0, I)", d, gauss, null, null, true, false);
  }

  /**
   * A target as an end.
   *
   * @param runTarget whether it is the run's own target (the metrics compare with it)
   */
  public static End target(Target target, boolean runTarget) {
    DataSource exact = target.hasExactSampler() ? new DataSource() {
      @Override
      public int dim() {
        return target.dim();
      }

      @Override
      public INDArray batch(int n, RandomSource random) {
        return target.sample(n, random);
      }
    } : null;
    return new End("target " + target, target.dim(), exact, target, null, false, runTarget);
  }

  /**
   * A data file as an end: header {@code x0,...}, at least {@link #MIN_ROWS} rows, its last 10 % held out.
   *
   * @throws ConfigException naming the key for a missing file, a bad header or value, or too few rows
   */
  public static End file(Path file, int dim, String key) {
    CsvDataSource all = CsvDataSource.read(file, dim, key);
    if (all.size() < MIN_ROWS) {
      throw new ConfigException("data file '" + file + "' (key '" + key + "') has " + all.size() + " rows; an"
          + " interpolant end needs at least " + MIN_ROWS + " (90 % to learn from, 10 % held out for the metrics)");
    }
    CsvDataSource[] split = all.split(HELD_OUT);
    return new End("data file '" + file + "'", dim, split[0], null, split[1].all(), false, false);
  }

  /** How messages name this end. */
  public String describe() {
    return description;
  }

  public int dim() {
    return dim;
  }

  /** Whether this end is N(0, I). */
  public boolean isStandardNormal() {
    return normal;
  }

  /** Whether this end is the run's target or a data file: an end whose samples the metrics may compare with. */
  public boolean canBeGenerated() {
    return runTarget || heldOut != null;
  }

  /** Samples to learn from and to start generation at. */
  public DataSource samples(String key) {
    if (training == null) {
      throw new ConfigException("method 'interpolant' needs samples of " + description + " (key '" + key
          + "'), but it has no exact sampler; give a data file or a target with one");
    }
    return training;
  }

  /** Whether samples can be drawn. */
  public boolean hasSamples() {
    return training != null;
  }

  /** Held-out rows (a file) or fresh exact samples (a target or the normal), at most n; empty if neither. */
  public Optional<INDArray> reference(int n, RandomSource random) {
    if (heldOut != null) {
      return Optional.of(heldOut.size(0) <= n ? heldOut
          : heldOut.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup());
    }
    return training == null ? Optional.empty() : Optional.of(training.batch(n, random));
  }

  /** Whether the normalised log density is known. */
  public boolean hasDensity() {
    return normal || (target != null && target.hasLogDensity() && target.logNormalizer().isPresent());
  }

  /** The normalised log density of each row ({@code [n]}). */
  public double[] logDensity(INDArray x) {
    if (normal) {
      return Rows.values(MixtureFields.standardNormal(dim).logDensity(x));
    }
    if (!hasDensity()) {
      throw new IllegalStateException(description + " has no normalised density");
    }
    double[] v = Rows.values(target.logDensity(x));
    double logZ = target.logNormalizer().getAsDouble();
    for (int i = 0; i < v.length; i++) {
      v[i] -= logZ;
    }
    return v;
  }

  /** This end as a Gaussian mixture, where it is one. */
  public Optional<GaussianMixture> mixture() {
    if (normal) {
      return Optional.of(MixtureFields.standardNormal(dim));
    }
    return target == null ? Optional.empty() : target.mixture().map(GaussianMixture::of);
  }

  @Override
  public String toString() {
    return description;
  }
}
