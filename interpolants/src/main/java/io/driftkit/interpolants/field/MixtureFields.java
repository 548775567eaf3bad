package io.driftkit.interpolants.field;

import io.driftkit.api.Interpolant;
import io.driftkit.toolkit.Cholesky;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact velocity and score of an interpolant between two Gaussian mixtures (the oracle). With x0 ~ sum_i u_i
 * N(m_i, P_i) and x1 ~ sum_j w_j N(n_j, Q_j) independent, x_t is the mixture over pairs (i, j) of
 * {@code N(a m_i + b n_j, C_ij)}, {@code C_ij = a^2 P_i + b^2 Q_j + gamma^2 I}, and within a pair the velocity
 * {@code a' x0 + b' x1 + gamma' z} and x_t are jointly Gaussian with cross-covariance
 * {@code K_ij = a a' P_i + b b' Q_j + gamma gamma' I} (finite where gamma' is not). With responsibilities r_ij(x) and
 * {@code y = C_ij^-1 (x - a m_i - b n_j)}:
 *
 * <pre>
 *   s(x) = -sum r_ij y,   b(x) = sum r_ij [a' m_i + b' n_j + K_ij y].
 * </pre>
 *
 * A one-sided interpolant takes x0 ~ N(0, I); a mirror one has x0 = x1, i.e. a = 0 and b replaced by a + b.
 */
public final class MixtureFields implements Fields {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final Interpolant ip;
  private final int d;
  private final List<Pair> pairs = new ArrayList<>();

  /** A pair of components: weight, and mean and covariance of each end (x0's null for a mirror). */
  private record Pair(double weight, double[] m0, double[][] p0, double[] m1, double[][] p1) {}

  /**
   * @param rho0 the law of x0 (ignored for one-sided and mirror interpolants)
   * @param rho1 the law of x1
   */
  public MixtureFields(Interpolant ip, GaussianMixture rho0, GaussianMixture rho1) {
    this.ip = ip;
    this.d = rho1.dim();
    GaussianMixture start = switch (ip.base()) {
      case ANY -> rho0;
      case GAUSSIAN -> standardNormal(d);
      case MIRROR -> null;
    };
    if (start != null && start.dim() != d) {
      throw new IllegalArgumentException("the ends have dimensions " + start.dim() + " and " + d);
    }
    for (int j = 0; j < rho1.components(); j++) {
      for (int i = 0; i < (start == null ? 1 : start.components()); i++) {
        pairs.add(new Pair((start == null ? 1 : start.weight(i)) * rho1.weight(j),
            start == null ? null : start.mean(i), start == null ? null : start.covariance(i),
            rho1.mean(j), rho1.covariance(j)));
      }
    }
  }

  /** N(0, I) as a one-component mixture. */
  public static GaussianMixture standardNormal(int d) {
    return GaussianMixture.isotropic(new double[] {1}, new double[][] {new double[d]}, new double[] {1});
  }

  @Override
  public int dim() {
    return d;
  }

  @Override
  public boolean hasScore() {
    return true;
  }

  @Override
  public INDArray[] evaluate(INDArray x, double t, boolean withScore) {
    int n = Math.toIntExact(x.size(0));
    double[] v = Rows.values(x);
    double[] b = new double[n * d];
    double[] s = new double[n * d];
    At at = at(t);
    for (int r = 0; r < n; r++) {
      at.fill(v, r * d, b, s);
    }
    return new INDArray[] {Rows.matrix(b, n, d), withScore ? Rows.matrix(s, n, d) : null};
  }

  /** {b, s} with a time per row ({@code t} of length n), for losses and tests that draw t per sample. */
  public INDArray[] evaluate(INDArray x, double[] t) {
    int n = Math.toIntExact(x.size(0));
    double[] v = Rows.values(x);
    double[] b = new double[n * d];
    double[] s = new double[n * d];
    for (int r = 0; r < n; r++) {
      at(t[r]).fill(v, r * d, b, s);
    }
    return new INDArray[] {Rows.matrix(b, n, d), Rows.matrix(s, n, d)};
  }

  /** The law of x_t as a mixture. */
  public GaussianMixture law(double t) {
    At at = at(t);
    double[] w = new double[pairs.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = pairs.get(c).weight();
    }
    return GaussianMixture.of(w, at.mean, at.cov);
  }

  private At at(double t) {
    boolean mirror = ip.base() == Interpolant.Base.MIRROR;
    double a = mirror ? 0 : ip.a(t);
    double ad = mirror ? 0 : ip.aDot(t);
    double bb = mirror ? ip.a(t) + ip.b(t) : ip.b(t);
    double bd = mirror ? ip.aDot(t) + ip.bDot(t) : ip.bDot(t);
    double g2 = ip.gamma(t) * ip.gamma(t);
    double ggd = ip.gammaGammaDot(t);
    int k = pairs.size();
    At at = new At(k, d);
    for (int c = 0; c < k; c++) {
      Pair p = pairs.get(c);
      for (int i = 0; i < d; i++) {
        at.mean[c][i] = bb * p.m1()[i] + (p.m0() == null ? 0 : a * p.m0()[i]);
        at.velocityMean[c][i] = bd * p.m1()[i] + (p.m0() == null ? 0 : ad * p.m0()[i]);
        for (int j = 0; j < d; j++) {
          double q0 = p.p0() == null ? 0 : p.p0()[i][j];
          at.cov[c][i][j] = a * a * q0 + bb * bb * p.p1()[i][j] + (i == j ? g2 : 0);
          at.cross[c][i][j] = a * ad * q0 + bb * bd * p.p1()[i][j] + (i == j ? ggd : 0);
        }
      }
      try {
        at.chol[c] = Cholesky.factor(at.cov[c], "a covariance");
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("the law of x_t is degenerate at t = " + t + ": " + e.getMessage(), e);
      }
      at.logNorm[c] = Math.log(p.weight()) - 0.5 * (Cholesky.logDet(at.chol[c]) + d * LOG_2PI);
    }
    return at;
  }

  /** Everything about x_t's mixture at one time. */
  private static final class At {
    final double[][] mean;
    final double[][] velocityMean;
    final double[][][] cov;
    final double[][][] cross;
    final double[][][] chol;
    final double[] logNorm;
    private final double[] terms;
    private final double[][] y;
    private final double[] delta;
    private final double[] w;

    At(int k, int d) {
      mean = new double[k][d];
      velocityMean = new double[k][d];
      cov = new double[k][d][d];
      cross = new double[k][d][d];
      chol = new double[k][][];
      logNorm = new double[k];
      terms = new double[k];
      y = new double[k][d];
      delta = new double[d];
      w = new double[d];
    }

    /** Adds b and s of the row at {@code off} into the outputs (which start at zero). */
    void fill(double[] x, int off, double[] b, double[] s) {
      int k = logNorm.length;
      int d = delta.length;
      for (int c = 0; c < k; c++) {
        for (int i = 0; i < d; i++) {
          delta[i] = x[off + i] - mean[c][i];
        }
        double quad = Cholesky.forward(chol[c], delta, w);
        Cholesky.backward(chol[c], w, y[c]);
        terms[c] = logNorm[c] - 0.5 * quad;
      }
      double lse = Rows.logSumExp(terms);
      for (int c = 0; c < k; c++) {
        double resp = Math.exp(terms[c] - lse);
        if (resp == 0) {
          continue;
        }
        for (int i = 0; i < d; i++) {
          double gain = 0;
          for (int j = 0; j < d; j++) {
            gain += cross[c][i][j] * y[c][j];
          }
          b[off + i] += resp * (velocityMean[c][i] + gain);
          s[off + i] -= resp * y[c][i];
        }
      }
    }
  }
}
