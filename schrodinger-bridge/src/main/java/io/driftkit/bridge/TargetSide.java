package io.driftkit.bridge;

import io.driftkit.api.DataSource;
import io.driftkit.api.Method;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.TargetSampler;
import io.driftkit.toolkit.Rows;
import io.driftkit.toolkit.weights.PathWeights;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the bridge's target side (t = 0) gets its samples: a data file's rows, the target's exact sampler, or, for
 * an unnormalised target, a pool of particles from another sampler ({@link Pool}).
 */
interface TargetSide {

  /** {@code n} samples of the target side ({@code [n, d]}). */
  INDArray draw(int n, RandomSource random);

  /** A short description for metrics and messages. */
  String description();

  /** Samples from a data source (a data file's rows or a target's exact sampler). */
  static TargetSide of(DataSource data, String description) {
    return new TargetSide() {
      @Override
      public INDArray draw(int n, RandomSource random) {
        return data.batch(n, random);
      }

      @Override
      public String description() {
        return description;
      }
    };
  }

  /** The target's exact sampler. */
  static TargetSide exact(Target target) {
    return new TargetSide() {
      @Override
      public INDArray draw(int n, RandomSource random) {
        return target.sample(n, random);
      }

      @Override
      public String description() {
        return "exact sampler";
      }
    };
  }

  /**
   * Equally weighted particles, first drawn from another sampler and resampled by their importance weights, then
   * refreshed with the bridge's own weighted samples as it improves: each refresh draws a new pool from the mixture
   * of the current pool and the bridge's self-normalised weighted samples, each share in proportion to its
   * effective sample size, so poor bridge weights change little and good ones take over half the pool. Every draw
   * is with replacement from the pool.
   */
  final class Pool implements TargetSide {

    private final TargetSampler source;
    private final int size;
    private INDArray particles;
    private double bridgeShare;

    Pool(TargetSampler source, int size) {
      this.source = source;
      this.size = size;
    }

    /** Fills the pool from the source (once). */
    void fill(RandomSource random) {
      if (particles != null) {
        return;
      }
      Method.Sample s = source.sample(size, random.split("draw"));
      double[] lw = Rows.values(s.logWeights());
      particles = s.samples().getRows(PathWeights.systematic(lw, size, random.split("resample"))).dup();
    }

    /**
     * Mixes the bridge's weighted samples in.
     *
     * @param samples the bridge's samples ({@code [m, d]})
     * @param logWeights their log weights
     * @return the share of the new pool drawn from the bridge
     */
    double refresh(INDArray samples, double[] logWeights, RandomSource random) {
      double ess = PathWeights.normalisedEss(logWeights) * logWeights.length;
      double share = ess / (ess + size);
      double[] lw = new double[size + logWeights.length];
      double poolWeight = Math.log((1 - share) / size);
      double norm = PathWeights.logMeanExp(logWeights) + Math.log(logWeights.length);
      for (int i = 0; i < size; i++) {
        lw[i] = poolWeight;
      }
      for (int i = 0; i < logWeights.length; i++) {
        lw[size + i] = Math.log(share) + logWeights[i] - norm;
      }
      INDArray all = Nd4j.vstack(particles, samples);
      particles = all.getRows(PathWeights.systematic(lw, size, random)).dup();
      bridgeShare = share;
      return share;
    }

    /** The share of the pool that the last refresh drew from the bridge (0 before any). */
    double bridgeShare() {
      return bridgeShare;
    }

    @Override
    public INDArray draw(int n, RandomSource random) {
      if (particles == null) {
        throw new IllegalStateException("the particle pool is not filled yet");
      }
      int[] rows = new int[n];
      for (int i = 0; i < n; i++) {
        rows[i] = random.nextInt(size);
      }
      return particles.getRows(rows);
    }

    @Override
    public String description() {
      return "particles from " + source.description();
    }
  }
}
