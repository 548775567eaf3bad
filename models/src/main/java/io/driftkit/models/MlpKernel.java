package io.driftkit.models;

/**
 * The arithmetic of an {@link MlpModel} on Java arrays: forward and backward passes over rows, with the network's
 * parameters held inside in the kernel's own layout. Rows are row-major {@code double[]} blocks ({@code [n, d]});
 * parameters travel as one flat float64 vector, layer by layer: the weights {@code [fanIn, fanOut]} row-major,
 * then the biases. Not thread-safe: a kernel reuses its work buffers across calls.
 */
abstract class MlpKernel {

  final MlpConfig config;
  final int dim;
  /** Width of the network input {@code [x, t, sin(w t), cos(w t)]}. */
  final int inputWidth;
  /** {@code widths[l]} feeds layer l, {@code widths[l + 1]} leaves it. */
  final int[] widths;
  final int layers;
  /** k in the activation {@code a sigma(k a)}: 1 for SiLU, 1.702 for GELU's sigmoid form. */
  final double slope;
  final long parameterCount;
  private final TimeFeatures features;

  MlpKernel(MlpConfig config) {
    this.config = config;
    this.dim = config.dim();
    this.features = new TimeFeatures(config.frequencies());
    this.inputWidth = dim + features.width();
    int[] hidden = config.hidden();
    this.layers = hidden.length + 1;
    this.widths = new int[layers + 1];
    widths[0] = inputWidth;
    System.arraycopy(hidden, 0, widths, 1, hidden.length);
    widths[layers] = dim;
    this.slope = config.activation().equals("gelu") ? 1.702 : 1;
    long count = 0;
    for (int l = 0; l < layers; l++) {
      count += (long) widths[l] * widths[l + 1] + widths[l + 1];
    }
    this.parameterCount = count;
  }

  /** Where layer l's weights start in the flat parameter vector (its biases follow them). */
  final int offset(int l) {
    int at = 0;
    for (int i = 0; i < l; i++) {
      at += widths[i] * widths[i + 1] + widths[i + 1];
    }
    return at;
  }

  /** Replaces the parameters by {@code flat} (the flat layout above). */
  abstract void setParameters(double[] flat);

  /** Writes the parameters into {@code flat}. */
  abstract void getParameters(double[] flat);

  /** {@code out[i] = v(x_i, t_i)} for n rows ({@code out} is {@code [n, d]}). */
  abstract void forward(double[] x, double[] t, int n, double[] out);

  /**
   * Vector–Jacobian products of {@code sum_i g_i . v(x_i, t_i)}: the parameter gradient into {@code parameterGrad}
   * (overwritten), the input gradient into {@code inputGrad} ({@code [n, d]}, overwritten) unless it is null.
   */
  abstract void backward(double[] x, double[] t, int n, double[] g, double[] parameterGrad, double[] inputGrad);

  /** Multiply–adds of one row's forward pass (two floating-point operations each). */
  final long forwardMultiplyAdds() {
    long m = 0;
    for (int l = 0; l < layers; l++) {
      m += (long) widths[l] * widths[l + 1];
    }
    return m;
  }

  /**
   * Writes the network input of row i, {@code [x_i, t_i, sin(w t_i), cos(w t_i)]}, into {@code into} from
   * {@code at}; the time features are recomputed only when t changes from the previous call (consecutive rows of a
   * stacked trajectory share a time step).
   */
  final void inputRow(double[] x, double[] t, int i, double[] into, int at) {
    System.arraycopy(x, i * dim, into, at, dim);
    features.write(t[i], into, at + dim);
  }

  /** The same into a float32 row. */
  final void inputRow(double[] x, double[] t, int i, float[] into, int at) {
    int xi = i * dim;
    for (int c = 0; c < dim; c++) {
      into[at + c] = (float) x[xi + c];
    }
    features.write(t[i], into, at + dim);
  }

  /** Forgets the cached time features (call at the start of every pass). */
  final void resetTime() {
    features.reset();
  }

  /** {@code [t, sin(w_1 t), ..., sin(w_K t), cos(w_1 t), ..., cos(w_K t)]} with the last time's values kept. */
  private static final class TimeFeatures {
    private final double[] frequencies;
    private final double[] last;
    private final float[] lastFloat;
    private double lastTime = Double.NaN;

    TimeFeatures(double[] frequencies) {
      this.frequencies = frequencies;
      this.last = new double[1 + 2 * frequencies.length];
      this.lastFloat = new float[last.length];
    }

    int width() {
      return last.length;
    }

    void reset() {
      lastTime = Double.NaN;
    }

    private void update(double t) {
      if (t == lastTime) { // NaN never equals, so a reset forces a recomputation
        return;
      }
      int k = frequencies.length;
      last[0] = t;
      for (int j = 0; j < k; j++) {
        double phase = frequencies[j] * t;
        last[1 + j] = Math.sin(phase);
        last[1 + k + j] = Math.cos(phase);
      }
      for (int j = 0; j < last.length; j++) {
        lastFloat[j] = (float) last[j];
      }
      lastTime = t;
    }

    void write(double t, double[] into, int at) {
      update(t);
      System.arraycopy(last, 0, into, at, last.length);
    }

    void write(double t, float[] into, int at) {
      update(t);
      System.arraycopy(lastFloat, 0, into, at, lastFloat.length);
    }
  }
}
