package io.driftkit.models;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.Target;
import io.driftkit.toolkit.Clipping;
import io.driftkit.toolkit.HessianVector;
import io.driftkit.toolkit.Rows;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A network plus a learned, time-dependent weight on the target's score (the "grad" network of PIS and DDS):
 * {@code v(x, t) = NN(x, t) + w(t) * clip(grad log rho(x))}, element-wise, with {@code w(t)} piecewise linear in t
 * between {@code knots} equally spaced times on {@code [0, horizon]}, one weight per dimension at each knot.
 *
 * <p>The weights start at zero, so training starts from the plain network and learns how much of the score to
 * use when; a fixed schedule such as {@code t / T} is an explicit step on the score that diverges on stiff
 * targets (funnel's neck, a wide prior), while a learned weight is held back by the loss.
 */
public final class ScoreTermModel implements LearnableDriftModel {

  private static final String MAGIC = "driftkit-score-term-1";

  private final MlpModel network;
  private final Target target;
  private final double clipScore;
  private final double horizon;
  /** Knot weights, {@code [knots, d]} float64. */
  private final INDArray knotWeights;

  public ScoreTermModel(MlpModel network, Target target, int knots, double horizon, double clipScore) {
    if (knots < 2) {
      throw new IllegalArgumentException("score-knots must be at least 2, got " + knots);
    }
    this.network = network;
    this.target = target;
    this.clipScore = clipScore;
    this.horizon = horizon;
    this.knotWeights = Nd4j.zeros(DataType.DOUBLE, knots, network.dim());
  }

  @Override
  public int dim() {
    return network.dim();
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    double[] times = new double[Math.toIntExact(x.size(0))];
    java.util.Arrays.fill(times, t);
    return evaluate(x, Rows.vector(times));
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    INDArray v = network.evaluate(x, t);
    INDArray score = Clipping.clip(target.gradLogDensity(x), clipScore);
    return v.addi(score.muli(interpolation(t).mmul(knotWeights)));
  }

  /**
   * {@code [n, knots]}: row i holds the hat-function values of {@code t_i} (two non-zeros), so that row i of
   * {@code interpolation(t) W} is w(t_i).
   */
  private INDArray interpolation(INDArray t) {
    double[] times = Rows.values(t.castTo(DataType.DOUBLE));
    int knots = (int) knotWeights.size(0);
    double[] phi = new double[times.length * knots];
    for (int i = 0; i < times.length; i++) {
      double u = Math.max(0, Math.min(1, times[i] / horizon)) * (knots - 1);
      int left = Math.min(knots - 2, (int) Math.floor(u));
      double frac = u - left;
      phi[i * knots + left] = 1 - frac;
      phi[i * knots + left + 1] = frac;
    }
    return Rows.matrix(phi, times.length, knots);
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    Gradients net = network.backward(x, t, outputGradient);
    INDArray g = outputGradient.castTo(DataType.DOUBLE);
    INDArray rawScore = target.gradLogDensity(x);
    INDArray phi = interpolation(t);
    // d/dx of g . (w * clip(s(x))) = H(x) (w * g * mask): the Hessian of log rho is symmetric
    INDArray through = g.mul(phi.mmul(knotWeights));
    if (clipScore > 0) {
      through.muli(Clipping.mask(rawScore, clipScore));
    }
    INDArray input = net.input().add(HessianVector.of(target, x.castTo(DataType.DOUBLE), through));
    return new Gradients(withKnotGradient(net.parameters(), phi, g, rawScore), input);
  }

  @Override
  public INDArray parameterGradient(INDArray x, INDArray t, INDArray outputGradient) {
    return withKnotGradient(network.parameterGradient(x, t, outputGradient), interpolation(t),
        outputGradient.castTo(DataType.DOUBLE), target.gradLogDensity(x));
  }

  /** The network's gradient followed by d/dW_k sum_i g_i . (phi_ik W_k * s_i) = sum_i phi_ik g_i * s_i. */
  private INDArray withKnotGradient(INDArray networkGradient, INDArray phi, INDArray g, INDArray rawScore) {
    INDArray knotGradient = phi.transpose().mmul(g.mul(Clipping.clip(rawScore, clipScore)));
    return Nd4j.concat(0, networkGradient.reshape(-1), knotGradient.reshape(-1));
  }

  @Override
  public long parameterCount() {
    return network.parameterCount() + knotWeights.length();
  }

  @Override
  public INDArray parameters() {
    return Nd4j.concat(0, network.parameters().reshape(-1), knotWeights.reshape(-1).dup());
  }

  @Override
  public void setParameters(INDArray flat) {
    if (flat.length() != parameterCount()) {
      throw new IllegalArgumentException("mlp-grad has " + parameterCount() + " parameters, got " + flat.length());
    }
    INDArray source = flat.reshape(flat.length()).castTo(DataType.DOUBLE);
    long split = network.parameterCount();
    network.setParameters(source.get(NDArrayIndex.interval(0, split)).dup());
    knotWeights.assign(source.get(NDArrayIndex.interval(split, flat.length())).reshape(knotWeights.shape()));
  }

  @Override
  public void save(Path file) throws IOException {
    ParameterFile.write(file, MAGIC, network.config().describe() + ", " + knotWeights.size(0) + " score knots", shape(),
        parameters().toDoubleVector());
  }

  @Override
  public void load(Path file) throws IOException {
    setParameters(Nd4j.createFromArray(ParameterFile.read(file, MAGIC, shape(), "mlp-grad",
        "model.hidden, model.time-features, model.score-knots, target dim")));
  }

  private String shape() {
    return network.config().shape() + ", " + knotWeights.size(0) + " score knots";
  }
}
