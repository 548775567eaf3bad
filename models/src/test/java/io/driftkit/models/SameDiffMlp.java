package io.driftkit.models;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import io.driftkit.toolkit.Rows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The test oracle for {@link MlpModel}: the same network (same draws, same parameter layout) as a SameDiff graph: input {@code [x, t, sin(w t), cos(w t)]}, hidden
 * layers with SiLU or GELU, a linear output. Weights are float32 (float64 on request). The backward pass
 * differentiates {@code sum(out * g)} with the output gradient g fed as a placeholder, which gives parameter and
 * input gradients in one reverse sweep (SameDiff cannot differentiate twice, and needs not here).
 */
final class SameDiffMlp implements LearnableDriftModel {

  private static final String X = "x";
  private static final String T = "t";
  private static final String OUT_GRAD = "cotangent"; // not "out-grad": SameDiff names gradient variables "<name>-grad"
  private static final String OUT = "out";
  private static final String VJP = "vjp";

  private final MlpConfig config;
  private final DataType dtype;
  private final SameDiff graph;
  private final List<String> parameterNames = new ArrayList<>();
  private final long parameterCount;
  private final double[] frequencies;

  /** A network with weights drawn from {@code random} (PyTorch's default: uniform +-1/sqrt(fan-in)). */
  SameDiffMlp(MlpConfig config, RandomSource random) {
    this.config = config;
    this.dtype = config.float64() ? DataType.DOUBLE : DataType.FLOAT;
    this.graph = SameDiff.create();
    this.frequencies = config.frequencies();
    int d = config.dim();
    SDVariable x = graph.placeHolder(X, dtype, -1, d);
    // [t, sin(w t), cos(w t)] is computed in Java and fed as one placeholder: five fewer graph ops per call, and
    // SameDiff's per-op overhead dominates at training batch sizes
    int timeWidth = 1 + 2 * config.timeFeatures();
    SDVariable timeFeatures = graph.placeHolder(T, dtype, -1, timeWidth);
    // The first layer is x Wx + features(t) Wt + b rather than [x, features(t)] W + b: SameDiff only differentiates
    // ops on a path to a variable, so a concat of placeholders would leave the input gradient uncomputed.
    int fanIn = d + timeWidth;
    int width0 = config.hidden()[0];
    double bound = 1 / Math.sqrt(fanIn);
    SDVariable wx = parameter("w0x", uniform(random, d, width0, bound));
    SDVariable wt = parameter("w0t", uniform(random, timeWidth, width0, bound));
    SDVariable b0 = parameter("b0", uniform(random, 1, width0, bound).reshape(width0));
    SDVariable h = activate(x.mmul(wx).add(timeFeatures.mmul(wt)).add(b0));
    long count = (long) fanIn * width0 + width0;
    fanIn = width0;
    int layer = 1;
    for (int i = 1; i < config.hidden().length; i++) {
      int width = config.hidden()[i];
      h = activate(dense(h, layer++, fanIn, width, random, false));
      count += (long) fanIn * width + width;
      fanIn = width;
    }
    SDVariable out = dense(h, layer, fanIn, d, random, config.zeroLastLayer());
    count += (long) fanIn * d + d;
    out = out.rename(OUT);
    SDVariable outGrad = graph.placeHolder(OUT_GRAD, dtype, -1, d);
    graph.setLossVariables(out.mul(outGrad).sum().rename(VJP));
    this.parameterCount = count;
    buildGradientGraphQuietly();
  }

  /**
   * SameDiff prints a line per op to standard output when it first builds the gradient graph; building it here, with
   * standard output muted for that moment, keeps a command's output clean.
   */
  private void buildGradientGraphQuietly() {
    synchronized (System.class) {
      java.io.PrintStream stdout = System.out;
      try {
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        graph.createGradFunction();
      } finally {
        System.setOut(stdout);
      }
    }
  }

  private SDVariable dense(SDVariable in, int layer, int fanIn, int fanOut, RandomSource random, boolean zero) {
    double bound = 1 / Math.sqrt(fanIn);
    INDArray w = uniform(random, fanIn, fanOut, zero ? 0 : bound);
    INDArray b = uniform(random, 1, fanOut, zero ? 0 : bound).reshape(fanOut);
    return graph.nn.linear(in, parameter("w" + layer, w), parameter("b" + layer, b));
  }

  private SDVariable parameter(String name, INDArray initial) {
    parameterNames.add(name);
    return graph.var(name, initial);
  }

  private INDArray uniform(RandomSource random, long rows, long cols, double bound) {
    return random.uniform(rows, Math.toIntExact(cols)).muli(2 * bound).subi(bound).castTo(dtype);
  }

  private SDVariable activate(SDVariable h) {
    return config.activation().equals("gelu") ? graph.nn.gelu(h) : graph.nn.swish(h);
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
    java.util.Arrays.fill(times, t);
    return run(x, timeFeatures(times));
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return run(x, timeColumn(x, t));
  }

  private INDArray run(INDArray x, INDArray tColumn) {
    checkInput(x);
    Map<String, INDArray> feed = new HashMap<>();
    feed.put(X, x.castTo(dtype));
    feed.put(T, tColumn);
    return graph.output(feed, OUT).get(OUT).castTo(DataType.DOUBLE);
  }

  private INDArray timeColumn(INDArray x, INDArray t) {
    if (t.length() != x.size(0)) {
      throw new IllegalArgumentException("mlp: " + t.length() + " times for " + x.size(0) + " rows");
    }
    return timeFeatures(Rows.values(t));
  }

  /** Rows {@code [t, sin(w_1 t), ..., sin(w_K t), cos(w_1 t), ..., cos(w_K t)]}. */
  private INDArray timeFeatures(double[] t) {
    int n = t.length;
    int k = frequencies.length;
    int width = 1 + 2 * k;
    double[] out = new double[n * width];
    for (int i = 0; i < n; i++) {
      int row = i * width;
      out[row] = t[i];
      for (int j = 0; j < k; j++) {
        double phase = frequencies[j] * t[i];
        out[row + 1 + j] = Math.sin(phase);
        out[row + 1 + k + j] = Math.cos(phase);
      }
    }
    return Rows.matrix(out, n, width).castTo(dtype);
  }

  private void checkInput(INDArray x) {
    if (x.rank() != 2 || x.size(1) != config.dim()) {
      throw new IllegalArgumentException("mlp expects [n, " + config.dim() + "] inputs, got "
          + java.util.Arrays.toString(x.shape()));
    }
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    checkInput(x);
    Map<String, INDArray> feed = new HashMap<>();
    feed.put(X, x.castTo(dtype));
    feed.put(T, timeColumn(x, t));
    feed.put(OUT_GRAD, outputGradient.castTo(dtype));
    List<String> wanted = new ArrayList<>(parameterNames);
    wanted.add(X);
    Map<String, INDArray> grads = graph.calculateGradients(feed, wanted);
    if (!grads.keySet().containsAll(wanted)) {
      throw new IllegalStateException("mlp: SameDiff returned gradients for " + grads.keySet() + " of " + wanted);
    }
    INDArray flat = Nd4j.createUninitialized(DataType.DOUBLE, parameterCount);
    long offset = 0;
    for (String name : parameterNames) {
      INDArray g = grads.get(name);
      long len = g.length();
      flat.get(NDArrayIndex.interval(offset, offset + len)).assign(g.reshape(len));
      offset += len;
    }
    return new Gradients(flat, grads.get(X).castTo(DataType.DOUBLE));
  }

  @Override
  public long parameterCount() {
    return parameterCount;
  }

  @Override
  public INDArray parameters() {
    INDArray flat = Nd4j.createUninitialized(DataType.DOUBLE, parameterCount);
    long offset = 0;
    for (String name : parameterNames) {
      INDArray p = graph.getVariable(name).getArr();
      long len = p.length();
      flat.get(NDArrayIndex.interval(offset, offset + len)).assign(p.reshape(len));
      offset += len;
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
    for (String name : parameterNames) {
      INDArray p = graph.getVariable(name).getArr();
      long len = p.length();
      p.assign(source.get(NDArrayIndex.interval(offset, offset + len)).reshape(p.shape()));
      offset += len;
    }
  }

  /** A test oracle: checkpoints are {@link MlpModel}'s business. */
  @Override
  public void save(Path file) {
    throw new UnsupportedOperationException("SameDiffMlp is a test oracle");
  }

  @Override
  public void load(Path file) {
    throw new UnsupportedOperationException("SameDiffMlp is a test oracle");
  }
}
