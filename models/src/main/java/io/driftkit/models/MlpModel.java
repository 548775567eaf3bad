package io.driftkit.models;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;

/**
 * A multilayer perceptron {@code v(x, t)}: input {@code [x, t, sin(w t), cos(w t)]}, hidden layers with SiLU
 * {@code h sigma(h)} or GELU (its sigmoid form {@code h sigma(1.702 h)}), a linear output. Weights are float32
 * (float64 on request).
 *
 * <p>Forward and backward passes are written out as matrix products on ND4J arrays rather than built as a SameDiff
 * graph: at the batch sizes of training, SameDiff's per-call bookkeeping (feeds, maps, op lookups, fresh buffers)
 * cost several times the arithmetic, and so does allocating fresh native arrays, so every call works in buffers
 * kept per row count. The backward pass recomputes the forward pass, keeping each layer's pre-activation and
 * gate, and returns parameter and input gradients in one reverse sweep. Not thread-safe: one model, one thread.
 */
public final class MlpModel implements LearnableDriftModel {

  private static final String MAGIC = "driftkit-mlp-1";

  private final MlpConfig config;
  private final DataType dtype;
  /** k in the activation a sigma(k a): 1 for SiLU, 1.702 for GELU's sigmoid form (Hendrycks and Gimpel). */
  private final double slope;
  private final double[] frequencies;
  private final int inputWidth;
  /** Layer l maps width l to width l + 1; layer 0 takes {@code [x, time features]}, so its rows are x's then t's. */
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray[] weightGrads;
  private final INDArray[] biasGrads;
  private final long parameterCount;

  /** A network with weights drawn from {@code random} (PyTorch's default: uniform +-1/sqrt(fan-in)). */
  public MlpModel(MlpConfig config, RandomSource random) {
    this.config = config;
    this.dtype = config.float64() ? DataType.DOUBLE : DataType.FLOAT;
    this.slope = config.activation().equals("gelu") ? 1.702 : 1;
    this.frequencies = config.frequencies();
    int d = config.dim();
    int timeWidth = 1 + 2 * config.timeFeatures();
    this.inputWidth = d + timeWidth;
    int[] hidden = config.hidden();
    int layers = hidden.length + 1;
    this.weights = new INDArray[layers];
    this.biases = new INDArray[layers];
    // Drawn in the order x-rows, t-rows, bias, then (weight, bias) per layer: the parameter layout of checkpoints.
    double bound = 1 / Math.sqrt(inputWidth);
    weights[0] = Nd4j.vstack(uniform(random, d, hidden[0], bound), uniform(random, timeWidth, hidden[0], bound));
    biases[0] = uniform(random, 1, hidden[0], bound);
    long count = weights[0].length() + biases[0].length();
    for (int l = 1; l < layers; l++) {
      int fanIn = hidden[l - 1];
      int fanOut = l < hidden.length ? hidden[l] : d;
      double b = l == hidden.length && config.zeroLastLayer() ? 0 : 1 / Math.sqrt(fanIn);
      weights[l] = uniform(random, fanIn, fanOut, b);
      biases[l] = uniform(random, 1, fanOut, b);
      count += weights[l].length() + biases[l].length();
    }
    this.parameterCount = count;
    this.weightGrads = new INDArray[layers];
    this.biasGrads = new INDArray[layers];
    for (int l = 0; l < layers; l++) {
      weightGrads[l] = Nd4j.createUninitialized(dtype, weights[l].shape());
      biasGrads[l] = Nd4j.createUninitialized(dtype, biases[l].length());
    }
  }

  private INDArray uniform(RandomSource random, long rows, long cols, double bound) {
    return random.uniform(rows, Math.toIntExact(cols)).muli(2 * bound).subi(bound).castTo(dtype);
  }

  public MlpConfig config() {
    return config;
  }

  @Override
  public int dim() {
    return config.dim();
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    double[] times = new double[Math.toIntExact(x.size(0))];
    Arrays.fill(times, t);
    return forward(x, times).castTo(DataType.DOUBLE);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return forward(x, times(x, t)).castTo(DataType.DOUBLE);
  }

  /**
   * Runs the layers for the rows of x into the buffers for that row count, keeping each hidden layer's
   * pre-activation a, gate sigma(k a) and output; returns the output buffer (overwritten by the next call).
   */
  private INDArray forward(INDArray x, double[] t) {
    Buffers b = buffers(Math.toIntExact(x.size(0)));
    Rows.fill(b.input, input(x, t));
    INDArray h = b.input;
    int hiddenLayers = weights.length - 1;
    for (int l = 0; l < hiddenLayers; l++) {
      INDArray pre = b.pre[l];
      Nd4j.gemm(h, weights[l], pre, false, false, 1, 0);
      pre.addiRowVector(biases[l]);
      INDArray gate = b.gate[l];
      Nd4j.getExecutioner().exec(new Sigmoid(slope == 1 ? pre : gate.assign(pre).muli(slope), gate));
      h = pre.mul(gate, b.act[l]);
    }
    Nd4j.gemm(h, weights[hiddenLayers], b.out, false, false, 1, 0);
    return b.out.addiRowVector(biases[hiddenLayers]);
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    forward(x, times(x, t));
    Buffers b = buffers(Math.toIntExact(x.size(0)));
    b.prepareBackward();
    int hiddenLayers = weights.length - 1;
    INDArray g = b.outGrad.assign(outputGradient);
    INDArray dh = g;
    for (int l = hiddenLayers; l >= 0; l--) {
      INDArray in = l == 0 ? b.input : b.act[l - 1];
      Nd4j.gemm(in, dh, weightGrads[l], true, false, 1, 0);
      dh.sum(biasGrads[l], 0);
      if (l == 0) {
        break;
      }
      INDArray dpre = b.dpre[l - 1];
      Nd4j.gemm(dh, weights[l], dpre, false, true, 1, 0);
      // d/da [a sigma(k a)] = sigma(k a) (1 + k a (1 - sigma(k a))): elementwise arithmetic on the kept gate,
      // several times cheaper than ND4J's fused derivative ops, which evaluate exp again
      INDArray gate = b.gate[l - 1];
      dpre.muli(b.scratch[l - 1].assign(gate).rsubi(1).muli(b.pre[l - 1]).muli(slope).addi(1).muli(gate));
      dh = dpre;
    }
    Nd4j.gemm(dh, weights[0].get(NDArrayIndex.interval(0, config.dim()), NDArrayIndex.all()), b.inputGrad, false,
        true, 1, 0);
    INDArray flat = Nd4j.createUninitialized(DataType.DOUBLE, parameterCount);
    long offset = 0;
    for (int l = 0; l < weights.length; l++) {
      offset = put(flat, offset, weightGrads[l]);
      offset = put(flat, offset, biasGrads[l]);
    }
    return new Gradients(flat, b.inputGrad.castTo(DataType.DOUBLE));
  }

  private static long put(INDArray flat, long offset, INDArray part) {
    long len = part.length();
    flat.get(NDArrayIndex.interval(offset, offset + len)).assign(part.reshape(len));
    return offset + len;
  }

  private double[] times(INDArray x, INDArray t) {
    if (t.length() != x.size(0)) {
      throw new IllegalArgumentException("mlp: " + t.length() + " times for " + x.size(0) + " rows");
    }
    return Rows.values(t);
  }

  /**
   * The network input, rows {@code [x, t, sin(w_1 t), ..., sin(w_K t), cos(w_1 t), ..., cos(w_K t)]}, built in one
   * Java pass; consecutive rows at the same time (a time step of a stacked trajectory) reuse the features.
   */
  private double[] input(INDArray x, double[] t) {
    if (x.rank() != 2 || x.size(1) != config.dim()) {
      throw new IllegalArgumentException("mlp expects [n, " + config.dim() + "] inputs, got "
          + Arrays.toString(x.shape()));
    }
    int n = t.length;
    int d = config.dim();
    int k = frequencies.length;
    double[] xs = Rows.values(x);
    double[] out = new double[n * inputWidth];
    for (int i = 0; i < n; i++) {
      int row = i * inputWidth;
      System.arraycopy(xs, i * d, out, row, d);
      if (i > 0 && t[i] == t[i - 1]) {
        System.arraycopy(out, row - inputWidth + d, out, row + d, inputWidth - d);
        continue;
      }
      out[row + d] = t[i];
      for (int j = 0; j < k; j++) {
        double phase = frequencies[j] * t[i];
        out[row + d + 1 + j] = Math.sin(phase);
        out[row + d + 1 + k + j] = Math.cos(phase);
      }
    }
    return out;
  }

  /**
   * Work arrays for one row count, reused across calls: allocating native arrays costs far more than the
   * arithmetic on them at these sizes. A few row counts are kept (the simulation batch and the stacked batch).
   */
  private Buffers buffers(int n) {
    return buffers.computeIfAbsent(n, Buffers::new);
  }

  private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
      return size() > 3;
    }
  };

  private final class Buffers {
    final int n;
    final INDArray input;
    final INDArray[] pre;
    final INDArray[] gate;
    final INDArray[] act;
    final INDArray out;
    INDArray[] dpre;
    INDArray[] scratch;
    INDArray outGrad;
    INDArray inputGrad;

    Buffers(int n) {
      this.n = n;
      int hiddenLayers = weights.length - 1;
      input = Nd4j.createUninitialized(dtype, n, inputWidth);
      pre = new INDArray[hiddenLayers];
      gate = new INDArray[hiddenLayers];
      act = new INDArray[hiddenLayers];
      for (int l = 0; l < hiddenLayers; l++) {
        int width = config.hidden()[l];
        pre[l] = Nd4j.createUninitialized(dtype, n, width);
        gate[l] = Nd4j.createUninitialized(dtype, n, width);
        act[l] = Nd4j.createUninitialized(dtype, n, width);
      }
      out = Nd4j.createUninitialized(dtype, n, config.dim());
    }

    void prepareBackward() {
      if (dpre != null) {
        return;
      }
      int hiddenLayers = weights.length - 1;
      dpre = new INDArray[hiddenLayers];
      scratch = new INDArray[hiddenLayers];
      for (int l = 0; l < hiddenLayers; l++) {
        dpre[l] = Nd4j.createUninitialized(dtype, n, config.hidden()[l]);
        scratch[l] = Nd4j.createUninitialized(dtype, n, config.hidden()[l]);
      }
      outGrad = Nd4j.createUninitialized(dtype, n, config.dim());
      inputGrad = Nd4j.createUninitialized(dtype, n, config.dim());
    }
  }

  @Override
  public long parameterCount() {
    return parameterCount;
  }

  @Override
  public INDArray parameters() {
    INDArray flat = Nd4j.createUninitialized(DataType.DOUBLE, parameterCount);
    long offset = 0;
    for (int l = 0; l < weights.length; l++) {
      offset = put(flat, offset, weights[l]);
      offset = put(flat, offset, biases[l]);
    }
    return flat;
  }

  @Override
  public void setParameters(INDArray flat) {
    if (flat.length() != parameterCount) {
      throw new IllegalArgumentException("mlp has " + parameterCount + " parameters, got " + flat.length());
    }
    INDArray source = flat.reshape(flat.length());
    long offset = 0;
    for (int l = 0; l < weights.length; l++) {
      offset = take(source, offset, weights[l]);
      offset = take(source, offset, biases[l]);
    }
  }

  private static long take(INDArray source, long offset, INDArray into) {
    long len = into.length();
    into.assign(source.get(NDArrayIndex.interval(offset, offset + len)).reshape(into.shape()));
    return offset + len;
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
