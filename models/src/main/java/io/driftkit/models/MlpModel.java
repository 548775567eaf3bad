package io.driftkit.models;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A multilayer perceptron {@code v(x, t)}: input {@code [x, t, sin(w t), cos(w t)]}, hidden layers with SiLU
 * {@code h sigma(h)} or GELU (its sigmoid form {@code h sigma(1.702 h)}), a linear output. Weights are float32
 * (float64 on request).
 *
 * <p>The passes run in Java on Java arrays ({@link MlpKernel}): in float32 a fused, tiled kernel with the Vector
 * API ({@link MlpFloatKernel}), in float64 plain loops ({@link MlpDoubleKernel}). ND4J arrays appear only at the
 * interface: profiling dis training showed ND4J's per-op cost (a native call per op, fresh native arrays at about
 * 100 µs each, an unvectorised sigmoid) well above the arithmetic at these sizes. The backward pass recomputes the
 * forward pass tile by tile and returns parameter and input gradients in one reverse sweep. Not thread-safe: one
 * model, one thread.
 */
public final class MlpModel implements LearnableDriftModel {

  private static final String MAGIC = "driftkit-mlp-1";

  private final MlpConfig config;
  private final MlpKernel kernel;

  /** A network with weights drawn from {@code random} (PyTorch's default: uniform +-1/sqrt(fan-in)). */
  public MlpModel(MlpConfig config, RandomSource random) {
    this.config = config;
    this.kernel = config.float64() ? new MlpDoubleKernel(config) : new MlpFloatKernel(checkVectorModule(config));
    int d = config.dim();
    int timeWidth = kernel.inputWidth - d;
    int[] hidden = config.hidden();
    int layers = hidden.length + 1;
    // Drawn in the order x-rows, t-rows, bias, then (weight, bias) per layer: the parameter layout of checkpoints.
    double bound = 1 / Math.sqrt(kernel.inputWidth);
    INDArray[] parts = new INDArray[2 * layers];
    parts[0] = Nd4j.vstack(uniform(random, d, hidden[0], bound), uniform(random, timeWidth, hidden[0], bound));
    parts[1] = uniform(random, 1, hidden[0], bound);
    for (int l = 1; l < layers; l++) {
      int fanIn = hidden[l - 1];
      int fanOut = l < hidden.length ? hidden[l] : d;
      double b = l == hidden.length && config.zeroLastLayer() ? 0 : 1 / Math.sqrt(fanIn);
      parts[2 * l] = uniform(random, fanIn, fanOut, b);
      parts[2 * l + 1] = uniform(random, 1, fanOut, b);
    }
    double[] flat = new double[Math.toIntExact(kernel.parameterCount)];
    int at = 0;
    for (INDArray part : parts) {
      double[] v = Rows.values(part);
      System.arraycopy(v, 0, flat, at, v.length);
      at += v.length;
    }
    kernel.setParameters(flat);
    this.scratch = new Scratch();
  }

  private static MlpConfig checkVectorModule(MlpConfig config) {
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      throw new IllegalStateException("the float32 mlp needs the JVM option '--add-modules jdk.incubator.vector'"
          + " (the driftkit script sets it); without it use model.precision = float64");
    }
    return config;
  }

  /** The draws of the former ND4J model: float64 uniforms cast to the network's precision. */
  private INDArray uniform(RandomSource random, long rows, long cols, double bound) {
    return random.uniform(rows, Math.toIntExact(cols)).muli(2 * bound).subi(bound)
        .castTo(config.float64() ? DataType.DOUBLE : DataType.FLOAT);
  }

  public MlpConfig config() {
    return config;
  }

  @Override
  public int dim() {
    return config.dim();
  }

  /** Multiply–adds of one row's forward pass; a forward + backward pass costs about three times as many. */
  public long multiplyAddsPerRow() {
    return kernel.forwardMultiplyAdds();
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    int n = rows(x);
    double[] times = scratch.times(n);
    Arrays.fill(times, 0, n, t);
    return evaluate(x, n, times);
  }

  @Override
  public void evaluate(double[] x, int n, double t, double[] out) {
    double[] times = scratch.times(n);
    Arrays.fill(times, 0, n, t);
    kernel.forward(x, times, n, out);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return evaluate(x, rows(x), times(x, t));
  }

  private INDArray evaluate(INDArray x, int n, double[] t) {
    double[] out = scratch.out(n * config.dim());
    kernel.forward(scratch.x(x), t, n, out);
    return matrix(out, n);
  }

  /** Plain-array access for benchmarks: {@code out = v(x, t)}, all row-major {@code [n, d]}, n = t.length. */
  public void evaluate(double[] x, double[] t, double[] out) {
    kernel.forward(x, t, t.length, out);
  }

  /** Plain-array access for benchmarks: the parameter gradient and, unless null, the input gradient. */
  public void backward(double[] x, double[] t, double[] outputGradient, double[] parameterGrad, double[] inputGrad) {
    kernel.backward(x, t, t.length, outputGradient, parameterGrad, inputGrad);
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    int n = rows(x);
    double[] inputGrad = scratch.out(n * config.dim());
    INDArray params = gradient(x, t, outputGradient, inputGrad);
    return new Gradients(params, matrix(inputGrad, n));
  }

  /** A fresh {@code [n, d]} float64 array from the first n rows of {@code values}. */
  private INDArray matrix(double[] values, int n) {
    INDArray m = Nd4j.createUninitialized(DataType.DOUBLE, n, config.dim());
    if (n > 0) {
      m.data().asNioDouble().put(values, 0, n * config.dim());
    }
    return m;
  }

  @Override
  public INDArray parameterGradient(INDArray x, INDArray t, INDArray outputGradient) {
    return gradient(x, t, outputGradient, null);
  }

  private INDArray gradient(INDArray x, INDArray t, INDArray outputGradient, double[] inputGrad) {
    int n = rows(x);
    if (outputGradient.rank() != 2 || outputGradient.size(0) != n || outputGradient.size(1) != config.dim()) {
      throw new IllegalArgumentException("mlp: output gradient of shape " + Arrays.toString(outputGradient.shape())
          + " for " + n + " rows of dimension " + config.dim());
    }
    double[] params = scratch.parameters();
    kernel.backward(scratch.x(x), times(x, t), n, scratch.g(outputGradient), params, inputGrad);
    return Rows.vector(params);
  }

  private int rows(INDArray x) {
    if (x.rank() != 2 || x.size(1) != config.dim()) {
      throw new IllegalArgumentException("mlp expects [n, " + config.dim() + "] inputs, got "
          + Arrays.toString(x.shape()));
    }
    return Math.toIntExact(x.size(0));
  }

  private double[] times(INDArray x, INDArray t) {
    if (t.length() != rows(x)) {
      throw new IllegalArgumentException("mlp: " + t.length() + " times for " + x.size(0) + " rows");
    }
    return scratch.t(t);
  }

  private final Scratch scratch;

  /**
   * Java copies of the arrays of one call, kept and grown as needed: a stacked call's copies are megabytes, and
   * fresh ones each call made the heap, and so the process, grow.
   */
  private final class Scratch {
    private double[] x = new double[0];
    private double[] t = new double[0];
    private double[] g = new double[0];
    private double[] out = new double[0];
    private final double[] parameters = new double[Math.toIntExact(kernel.parameterCount)];

    double[] x(INDArray a) {
      return x = Rows.values(a, x);
    }

    double[] g(INDArray a) {
      return g = Rows.values(a, g);
    }

    double[] t(INDArray a) {
      return t = Rows.values(a, t);
    }

    double[] times(int n) {
      return t = t.length >= n ? t : new double[n];
    }

    double[] out(int length) {
      return out = out.length >= length ? out : new double[length];
    }

    double[] parameters() {
      return parameters;
    }
  }

  @Override
  public long parameterCount() {
    return kernel.parameterCount;
  }

  @Override
  public INDArray parameters() {
    double[] flat = new double[Math.toIntExact(kernel.parameterCount)];
    kernel.getParameters(flat);
    return Rows.vector(flat);
  }

  @Override
  public void setParameters(INDArray flat) {
    if (flat.length() != kernel.parameterCount) {
      throw new IllegalArgumentException("mlp has " + kernel.parameterCount + " parameters, got " + flat.length());
    }
    kernel.setParameters(Rows.values(flat, scratch.parameters())); // row-major whatever flat's shape
  }

  @Override
  public void save(Path file) throws IOException {
    ParameterFile.write(file, MAGIC, config.describe(), config.shape(), parameters().toDoubleVector());
  }

  @Override
  public void load(Path file) throws IOException {
    setParameters(Nd4j.createFromArray(ParameterFile.read(file, MAGIC, config.shape(), "mlp",
        "model.hidden, model.time-features, target dim")));
  }
}
