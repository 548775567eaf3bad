package io.driftkit.models;

/**
 * The float64 kernel: plain loops, one row at a time, exact to float64 round-off with {@link Math#exp}. It serves
 * gradient checks ({@code model.precision = float64}); speed is the float32 kernel's job.
 */
final class MlpDoubleKernel extends MlpKernel {

  /** Layer l's weights {@code [fanIn, fanOut]} row-major, then its biases: the flat layout itself. */
  private final double[] theta;
  private final double[] input;
  /** Per hidden layer: the activation {@code a sigma(k a)} and the gate {@code sigma(k a)} of the current row. */
  private final double[][] act;
  private final double[][] gate;
  private final double[][] delta;
  private final double[] out;

  MlpDoubleKernel(MlpConfig config) {
    super(config);
    theta = new double[Math.toIntExact(parameterCount)];
    input = new double[inputWidth];
    act = new double[layers - 1][];
    gate = new double[layers - 1][];
    delta = new double[layers][];
    for (int l = 0; l < layers; l++) {
      delta[l] = new double[widths[l + 1]];
      if (l < layers - 1) {
        act[l] = new double[widths[l + 1]];
        gate[l] = new double[widths[l + 1]];
      }
    }
    out = new double[dim];
  }

  @Override
  void setParameters(double[] flat) {
    System.arraycopy(flat, 0, theta, 0, theta.length);
  }

  @Override
  void getParameters(double[] flat) {
    System.arraycopy(theta, 0, flat, 0, theta.length);
  }

  @Override
  void forward(double[] x, double[] t, int n, double[] result) {
    resetTime();
    for (int i = 0; i < n; i++) {
      forwardRow(x, t, i);
      System.arraycopy(out, 0, result, i * dim, dim);
    }
  }

  /** One row through every layer, keeping each hidden layer's activation and gate. */
  private void forwardRow(double[] x, double[] t, int i) {
    inputRow(x, t, i, input, 0);
    double[] in = input;
    for (int l = 0; l < layers; l++) {
      int fanIn = widths[l];
      int fanOut = widths[l + 1];
      int w = offset(l);
      int b = w + fanIn * fanOut;
      double[] h = l < layers - 1 ? act[l] : out;
      System.arraycopy(theta, b, h, 0, fanOut);
      for (int k = 0; k < fanIn; k++) {
        double a = in[k];
        int row = w + k * fanOut;
        for (int j = 0; j < fanOut; j++) {
          h[j] += a * theta[row + j];
        }
      }
      if (l < layers - 1) {
        for (int j = 0; j < fanOut; j++) {
          double s = 1 / (1 + Math.exp(-slope * h[j]));
          gate[l][j] = s;
          h[j] *= s;
        }
      }
      in = h;
    }
  }

  @Override
  void backward(double[] x, double[] t, int n, double[] g, double[] parameterGrad, double[] inputGrad) {
    java.util.Arrays.fill(parameterGrad, 0);
    resetTime();
    for (int i = 0; i < n; i++) {
      forwardRow(x, t, i);
      System.arraycopy(g, i * dim, delta[layers - 1], 0, dim);
      for (int l = layers - 1; l >= 0; l--) {
        int fanIn = widths[l];
        int fanOut = widths[l + 1];
        int w = offset(l);
        int b = w + fanIn * fanOut;
        double[] d = delta[l];
        double[] in = l == 0 ? input : act[l - 1];
        for (int j = 0; j < fanOut; j++) {
          parameterGrad[b + j] += d[j];
        }
        for (int k = 0; k < fanIn; k++) {
          double a = in[k];
          int row = w + k * fanOut;
          for (int j = 0; j < fanOut; j++) {
            parameterGrad[row + j] += a * d[j];
          }
        }
        if (l == 0) {
          if (inputGrad != null) {
            for (int k = 0; k < dim; k++) {
              inputGrad[i * dim + k] = dot(d, w + k * fanOut, fanOut);
            }
          }
          break;
        }
        // d/da [a sigma(k a)] = sigma(k a) + k (a sigma(k a)) (1 - sigma(k a)), from the kept activation and gate
        double[] below = delta[l - 1];
        for (int k = 0; k < fanIn; k++) {
          double s = gate[l - 1][k];
          below[k] = dot(d, w + k * fanOut, fanOut) * (s + slope * act[l - 1][k] * (1 - s));
        }
      }
    }
  }

  private double dot(double[] d, int row, int len) {
    double s = 0;
    for (int j = 0; j < len; j++) {
      s += d[j] * theta[row + j];
    }
    return s;
  }
}
