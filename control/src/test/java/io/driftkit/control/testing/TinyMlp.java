package io.driftkit.control.testing;

import io.driftkit.api.LearnableDriftModel;
import io.driftkit.api.RandomSource;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code v(x, t) = tanh(x W1 + t w + b1) W2 + b2} in float64 with a hand-written backward pass: an independent small
 * network for finite-difference checks of the path losses.
 */
public final class TinyMlp implements LearnableDriftModel {

  private final int d;
  private final int h;
  private double[] theta;

  public TinyMlp(int d, int h, RandomSource random, double scale) {
    this.d = d;
    this.h = h;
    this.theta = new double[(int) parameterCount()];
    for (int i = 0; i < theta.length; i++) {
      theta[i] = scale * random.nextGaussian();
    }
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public long parameterCount() {
    return (long) d * h + h + h + (long) h * d + d;
  }

  private INDArray w1() {
    return Nd4j.createFromArray(java.util.Arrays.copyOfRange(theta, 0, d * h)).reshape(d, h);
  }

  private INDArray tw() {
    return Nd4j.createFromArray(java.util.Arrays.copyOfRange(theta, d * h, d * h + h)).reshape(1, h);
  }

  private INDArray b1() {
    return Nd4j.createFromArray(java.util.Arrays.copyOfRange(theta, d * h + h, d * h + 2 * h)).reshape(1, h);
  }

  private INDArray w2() {
    int o = d * h + 2 * h;
    return Nd4j.createFromArray(java.util.Arrays.copyOfRange(theta, o, o + h * d)).reshape(h, d);
  }

  private INDArray b2() {
    int o = 2 * d * h + 2 * h;
    return Nd4j.createFromArray(java.util.Arrays.copyOfRange(theta, o, o + d)).reshape(1, d);
  }

  private INDArray hidden(INDArray x, INDArray t) {
    INDArray pre = x.mmul(w1()).addi(t.reshape(-1, 1).mmul(tw())).addiRowVector(b1());
    return Transforms.tanh(pre, true);
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    return evaluate(x, Nd4j.valueArrayOf(new long[] {x.size(0)}, t, org.nd4j.linalg.api.buffer.DataType.DOUBLE));
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    return hidden(x, t).mmul(w2()).addiRowVector(b2());
  }

  @Override
  public INDArray parameters() {
    return Nd4j.createFromArray(theta.clone());
  }

  @Override
  public void setParameters(INDArray flat) {
    theta = flat.toDoubleVector();
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray g) {
    INDArray a = hidden(x, t);
    INDArray gw2 = a.transpose().mmul(g);
    INDArray gb2 = g.sum(0);
    INDArray ga = g.mmul(w2().transpose());
    INDArray gpre = ga.mul(a.mul(a).rsubi(1));
    INDArray gw1 = x.transpose().mmul(gpre);
    INDArray gtw = t.reshape(-1, 1).transpose().mmul(gpre);
    INDArray gb1 = gpre.sum(0);
    INDArray gx = gpre.mmul(w1().transpose());
    INDArray flat = Nd4j.concat(0, gw1.reshape(-1), gtw.reshape(-1), gb1.reshape(-1), gw2.reshape(-1),
        gb2.reshape(-1));
    return new Gradients(flat, gx);
  }

  @Override
  public void save(Path file) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void load(Path file) {
    throw new UnsupportedOperationException();
  }
}
