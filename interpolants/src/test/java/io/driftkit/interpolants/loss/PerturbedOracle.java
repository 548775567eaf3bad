package io.driftkit.interpolants.loss;

import io.driftkit.api.Interpolant;
import io.driftkit.api.LearnableDriftModel;
import io.driftkit.interpolants.field.FieldKind;
import io.driftkit.interpolants.field.FieldLayout;
import io.driftkit.interpolants.field.MixtureFields;
import io.driftkit.interpolants.field.Noise;
import io.driftkit.toolkit.Rows;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A learnable model whose block f is {@code scale_f * exact field + sum_q theta_(f,j,q) phi_q} with features
 * phi = (1, x_j, t, sigma sigma'(t) s_j(x, t)) (s the exact score, which makes the gradient sensitive to the noise
 * terms: an error c gamma' z in the velocity target shifts it by c (sigma sigma')^2 E[div s] < 0): at
 * theta = 0 and scale 1 it is the exact field, and dL/dtheta is the loss gradient along four directions per
 * coordinate, which must vanish at the minimiser.
 */
final class PerturbedOracle implements LearnableDriftModel {

  static final int FEATURES = 4;

  private final MixtureFields exact;
  private final Interpolant ip;
  private final FieldLayout layout;
  private final double[] scales;
  private final int d;
  private double[] theta;

  PerturbedOracle(MixtureFields exact, Interpolant ip, FieldLayout layout, double[] scales) {
    this.exact = exact;
    this.ip = ip;
    this.layout = layout;
    this.scales = scales;
    this.d = exact.dim();
    this.theta = new double[layout.fields() * d * FEATURES];
  }

  @Override
  public int dim() {
    return layout.fields() * d;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    throw new UnsupportedOperationException("the losses evaluate with a time per row");
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    int n = Math.toIntExact(x.size(0));
    int k = layout.fields();
    double[] v = Rows.values(x);
    double[] times = Rows.values(t);
    double[] state = new double[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * k * d, state, r * d, d);
    }
    INDArray[] bs = exact.evaluate(Rows.matrix(state, n, d), times);
    double[] b = Rows.values(bs[0]);
    double[] s = Rows.values(bs[1]);
    double[] out = new double[n * k * d];
    for (int r = 0; r < n; r++) {
      double tr = times[r];
      for (int f = 0; f < k; f++) {
        FieldKind kind = layout.kinds().get(f);
        for (int j = 0; j < d; j++) {
          int i = r * d + j;
          double field = switch (kind) {
            case VELOCITY -> b[i];
            case V -> b[i] + ip.gammaGammaDot(tr) * s[i];
            case SCORE -> s[i];
            case DENOISER -> -Noise.of(ip, tr).sigma() * s[i];
          };
          double[] phi = {1, state[i], tr, Noise.of(ip, tr).sigmaSigmaDot() * s[i]};
          double extra = 0;
          for (int q = 0; q < FEATURES; q++) {
            extra += theta[(f * d + j) * FEATURES + q] * phi[q];
          }
          out[r * k * d + f * d + j] = scales[f] * field + extra;
        }
      }
    }
    return Rows.matrix(out, n, (long) k * d);
  }

  @Override
  public long parameterCount() {
    return theta.length;
  }

  @Override
  public INDArray parameters() {
    return Rows.vector(theta.clone());
  }

  @Override
  public void setParameters(INDArray flat) {
    theta = Rows.values(flat);
  }

  @Override
  public Gradients backward(INDArray x, INDArray t, INDArray outputGradient) {
    int n = Math.toIntExact(x.size(0));
    int k = layout.fields();
    double[] v = Rows.values(x);
    double[] times = Rows.values(t);
    double[] g = Rows.values(outputGradient);
    double[] grad = new double[theta.length];
    double[] state = new double[n * d];
    for (int r = 0; r < n; r++) {
      System.arraycopy(v, r * k * d, state, r * d, d);
    }
    double[] s = Rows.values(exact.evaluate(Rows.matrix(state, n, d), times)[1]);
    for (int r = 0; r < n; r++) {
      for (int f = 0; f < k; f++) {
        for (int j = 0; j < d; j++) {
          double go = g[r * k * d + f * d + j];
          double[] phi = {1, state[r * d + j], times[r], Noise.of(ip, times[r]).sigmaSigmaDot() * s[r * d + j]};
          for (int q = 0; q < FEATURES; q++) {
            grad[(f * d + j) * FEATURES + q] += go * phi[q];
          }
        }
      }
    }
    return new Gradients(Rows.vector(grad), x.mul(0));
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
