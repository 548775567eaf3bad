package io.driftkit.models;

import java.util.Arrays;
import java.util.Locale;

/**
 * The shape of an {@link MlpModel}: everything a checkpoint must agree on.
 *
 * @param dim input and output dimension d
 * @param hidden widths of the hidden layers
 * @param activation {@code silu} or {@code gelu}
 * @param timeFeatures number K of Fourier frequencies; the time enters as t, sin(w_k t), cos(w_k t)
 * @param maxFrequency the largest frequency w_K (geometric from 1 up to it)
 * @param zeroLastLayer whether the output layer starts at zero (so the untrained model is v = 0)
 * @param float64 whether the network computes in float64 (for gradient checks) instead of float32
 */
public record MlpConfig(int dim, int[] hidden, String activation, int timeFeatures, double maxFrequency,
    boolean zeroLastLayer, boolean float64) {

  public MlpConfig {
    if (dim < 1) {
      throw new IllegalArgumentException("mlp needs dim >= 1, got " + dim);
    }
    if (hidden.length == 0 || Arrays.stream(hidden).anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException("model.hidden needs at least one positive width, got "
          + Arrays.toString(hidden));
    }
    activation = activation.toLowerCase(Locale.ROOT);
    if (!activation.equals("silu") && !activation.equals("gelu")) {
      throw new IllegalArgumentException("model.activation must be silu or gelu, got " + activation);
    }
    if (timeFeatures < 0) {
      throw new IllegalArgumentException("model.time-features must be >= 0, got " + timeFeatures);
    }
    hidden = hidden.clone();
  }

  /** The Fourier frequencies w_1..w_K, geometric from 1 to {@link #maxFrequency}. */
  public double[] frequencies() {
    double[] w = new double[timeFeatures];
    for (int k = 0; k < timeFeatures; k++) {
      double u = timeFeatures == 1 ? 0 : (double) k / (timeFeatures - 1);
      w[k] = Math.exp(u * Math.log(maxFrequency));
    }
    return w;
  }

  /** A one-line description stored in checkpoints and compared on load. */
  public String describe() {
    return "dim=" + dim + " hidden=" + Arrays.toString(hidden).replace(" ", "") + " activation=" + activation
        + " time-features=" + timeFeatures + " max-frequency=" + maxFrequency + " zero-last=" + zeroLastLayer
        + " precision=" + (float64 ? "float64" : "float32");
  }

  /** The part of {@link #describe()} that fixes the parameter layout. */
  public String shape() {
    return "dim=" + dim + " hidden=" + Arrays.toString(hidden).replace(" ", "") + " time-features=" + timeFeatures;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MlpConfig c && c.describe().equals(describe());
  }

  @Override
  public int hashCode() {
    return describe().hashCode();
  }

  @Override
  public String toString() {
    return "MlpConfig[" + describe() + "]";
  }
}
