package io.driftkit.core.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-step records of a training run: loss, learning rate and gradient norm (before clipping), for metrics.json and
 * the loss-curve plot. Arrays are indexed by step, from 0.
 */
public record TrainHistory(double[] loss, double[] learningRate, double[] gradientNorm) {

  public int steps() {
    return loss.length;
  }

  /** The mean loss over the first or last {@code window} steps (a noise-robust summary). */
  public double meanLoss(int from, int to) {
    return Arrays.stream(loss, from, to).average().orElse(Double.NaN);
  }

  /** A JSON-friendly map: {@code loss}, {@code lr}, {@code grad_norm} lists. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("loss", loss);
    map.put("lr", learningRate);
    map.put("grad_norm", gradientNorm);
    return map;
  }

  TrainHistory prefix(int n) {
    return new TrainHistory(Arrays.copyOf(loss, n), Arrays.copyOf(learningRate, n), Arrays.copyOf(gradientNorm, n));
  }
}
