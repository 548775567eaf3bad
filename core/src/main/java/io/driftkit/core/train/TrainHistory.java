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

  /** The history as CSV, one line per step: {@code step,loss,lr,grad_norm} (an empty cell for a non-finite value). */
  public String toCsv() {
    StringBuilder out = new StringBuilder("step,loss,lr,grad_norm\n");
    for (int i = 0; i < loss.length; i++) {
      out.append(i).append(',').append(cell(loss[i])).append(',').append(cell(learningRate[i])).append(',')
          .append(cell(gradientNorm[i])).append('\n');
    }
    return out.toString();
  }

  private static String cell(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "";
  }

  TrainHistory prefix(int n) {
    return new TrainHistory(Arrays.copyOf(loss, n), Arrays.copyOf(learningRate, n), Arrays.copyOf(gradientNorm, n));
  }
}
