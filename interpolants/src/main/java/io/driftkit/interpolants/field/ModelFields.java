package io.driftkit.interpolants.field;

import io.driftkit.api.DriftModel;
import io.driftkit.api.Interpolant;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The velocity and score of an interpolant from a model that learnt some of its fields ({@link FieldLayout}).
 * What is not learnt is derived where the maths allows:
 *
 * <ul>
 *   <li>{@code b = v - gamma gamma' s} from v and s (or s = -eta / sigma from the denoiser);
 *   <li>with x0 ~ N(0, I) (a one-sided interpolant, or rho0 = normal), one field gives the other: the Gaussian part
 *       of x_t has variance {@code S = a^2 + gamma^2}, {@code E[x1 | x] = (x + S s) / b}, so
 *       {@code b = (b'/b)(x + S s) - (a a' + gamma gamma') s} and conversely
 *       {@code s = (b - (b'/b) x) / ((b'/b) S - a a' - gamma gamma')}.
 * </ul>
 *
 * Learnt fields are evaluated at times clamped to {@code [tMin, 1 - tMin]}, where they were trained (the 1/gamma of
 * the score objective and the b'/b above are singular at the ends).
 */
public final class ModelFields implements Fields {

  private final DriftModel model;
  private final FieldLayout layout;
  private final Interpolant ip;
  private final boolean gaussianX0;
  private final double tMin;
  private final int d;

  public ModelFields(DriftModel model, FieldLayout layout, Interpolant ip, boolean gaussianX0, double tMin, int d) {
    this.model = model;
    this.layout = layout;
    this.ip = ip;
    this.gaussianX0 = gaussianX0;
    this.tMin = tMin;
    this.d = d;
    String missing = missing(layout, gaussianX0, false);
    if (missing != null) {
      throw new IllegalArgumentException(missing);
    }
  }

  /**
   * What a layout cannot give (null when it gives the velocity, and the score too if {@code needScore}).
   *
   * @param gaussianX0 whether x0 ~ N(0, I)
   */
  public static String missing(FieldLayout layout, boolean gaussianX0, boolean needScore) {
    boolean noise = layout.has(FieldKind.SCORE) || layout.has(FieldKind.DENOISER);
    boolean velocity = layout.has(FieldKind.VELOCITY) || (layout.has(FieldKind.V) && noise)
        || (noise && gaussianX0);
    if (!velocity) {
      return "the learnt fields " + layout + " do not give the velocity b: with x0 from a non-Gaussian rho0 it needs"
          + " the velocity loss, or v together with the score (loss velocity-score)";
    }
    boolean score = noise || (layout.has(FieldKind.VELOCITY) && gaussianX0);
    if (needScore && !score) {
      return "the learnt fields " + layout + " give no score, which an SDE (epsilon > 0) needs: with x0 from a"
          + " non-Gaussian rho0 learn it too (loss velocity-score), or set method.epsilon = 0";
    }
    return null;
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public boolean hasScore() {
    return missing(layout, gaussianX0, true) == null;
  }

  @Override
  public INDArray[] evaluate(INDArray x, double t, boolean withScore) {
    double tc = Math.min(Math.max(t, tMin), 1 - tMin);
    int n = Math.toIntExact(x.size(0));
    int k = layout.fields();
    double[] out = Rows.values(model.evaluate(layout.input(x), tc));
    INDArray b = block(out, n, k, FieldKind.VELOCITY);
    INDArray v = block(out, n, k, FieldKind.V);
    INDArray s = block(out, n, k, FieldKind.SCORE);
    INDArray eta = block(out, n, k, FieldKind.DENOISER);
    if (s == null && eta != null) {
      s = eta.divi(-Noise.of(ip, tc).sigma());
    }
    double a = ip.a(tc);
    double g = ip.gamma(tc);
    double signal = ip.b(tc);
    double rate = ip.bDot(tc) / signal;
    double variance = a * a + g * g;
    double spread = a * ip.aDot(tc) + ip.gammaGammaDot(tc);
    if (b == null) {
      if (v != null && s != null) {
        b = v.sub(s.mul(ip.gammaGammaDot(tc)));
      } else {
        // Gaussian x0: b = (b'/b)(x + S s) - (a a' + gamma gamma') s
        b = x.mul(rate).addi(s.mul(rate * variance - spread));
      }
    }
    if (withScore && s == null) {
      if (!gaussianX0) {
        throw new IllegalStateException(missing(layout, false, true));
      }
      s = b.sub(x.mul(rate)).divi(rate * variance - spread);
    }
    return new INDArray[] {b, withScore ? s : null};
  }

  private INDArray block(double[] out, int n, int k, FieldKind kind) {
    int i = layout.indexOf(kind);
    return i < 0 ? null : FieldLayout.block(out, n, k, d, i);
  }
}
