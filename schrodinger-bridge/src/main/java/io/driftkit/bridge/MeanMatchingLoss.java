package io.driftkit.bridge;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Loss;
import io.driftkit.api.RandomSource;
import io.driftkit.api.TrainingContext;
import io.driftkit.toolkit.Rows;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One half-step of iterative proportional fitting as a regression: the kernel mean of the chain being learned,
 * {@code a x + c u(x, t)}, is fitted to targets read off paths simulated with the other chain, held in a cache of
 * (state, target, step) rows that is rebuilt every {@code refresh} optimiser steps. The loss is
 * {@code mean |a x + c u(x, t) - target|^2 / v} over a batch of cached rows (v the step's variance, so every step
 * weighs as its share of the path-space KL); its minimiser is the conditional mean of the target given the state.
 * Step k's cache is {@code random.split("cache-" + k / refresh)}, so a resumed phase rebuilds the same cache.
 */
final class MeanMatchingLoss implements Loss {

  /**
   * Regression rows: for row i, the state x_i, the target, the network time t_i and the step's mean coefficients
   * a_i, c_i and variance v_i.
   */
  record Cache(INDArray states, INDArray targets, double[] times, double[] a, double[] c, double[] v) {
    int size() {
      return times.length;
    }
  }

  private final Function<RandomSource, Cache> builder;
  private final RandomSource random;
  private final int refresh;
  private Cache cache;
  private int cacheIndex = -1;

  /**
   * @param builder simulates paths and returns the rows
   * @param random the phase's stream for the caches
   * @param refresh optimiser steps between cache rebuilds
   */
  MeanMatchingLoss(Function<RandomSource, Cache> builder, RandomSource random, int refresh) {
    this.builder = builder;
    this.random = random;
    this.refresh = refresh;
  }

  @Override
  public Value evaluate(TrainingContext context) {
    int index = context.step() / refresh;
    if (cache == null || index != cacheIndex) {
      cache = builder.apply(random.split("cache-" + index));
      cacheIndex = index;
    }
    LearnableDriftModel model = context.model();
    RandomSource r = context.random();
    int b = context.batchSize();
    int[] rows = new int[b];
    double[] t = new double[b];
    double[] a = new double[b];
    double[] c = new double[b];
    double[] w = new double[b];
    for (int i = 0; i < b; i++) {
      int row = r.nextInt(cache.size());
      rows[i] = row;
      t[i] = cache.times[row];
      a[i] = cache.a[row];
      c[i] = cache.c[row];
      w[i] = 1 / cache.v[row];
    }
    INDArray x = cache.states.getRows(rows);
    INDArray times = Rows.vector(t);
    INDArray residual = model.evaluate(x, times).mulColumnVector(column(c)).addi(x.mulColumnVector(column(a)))
        .subi(cache.targets.getRows(rows));
    double[] sq = Rows.values(residual.mul(residual).sum(1));
    double loss = 0;
    for (int i = 0; i < b; i++) {
      loss += sq[i] * w[i];
      // dL/du_i = 2 c_i w_i residual_i / b
      c[i] = 2 * c[i] * w[i] / b;
    }
    INDArray gradient = model.parameterGradient(x, times, residual.muliColumnVector(column(c)));
    return new Value(loss / b, gradient, Map.of());
  }

  private static INDArray column(double[] v) {
    return Rows.matrix(v, v.length, 1);
  }
}
