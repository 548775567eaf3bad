package io.driftkit.bridge;

import io.driftkit.api.ForwardProcess;
import io.driftkit.toolkit.Rows;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Schrödinger bridge between two Gaussians in closed form (Bunne et al., AISTATS 2023), for a linear reference
 * {@code dX = -lambda(t) X dt + g(t) dW} on {@code [0, T]} with marginal coefficients alpha, sigma: the bridge from
 * {@code N(m0, S0)} at t = 0 (the target side) to {@code N(m1, S1)} at t = T (the prior side).
 *
 * <p>Static part: the reference's transition is {@code X_T | X_0 ~ N(A X_0, V I)}, {@code A = alpha(T)},
 * {@code V = sigma(T)^2}, so in {@code Y_0 = A X_0} the coupling is the entropic transport of Bunne et al. with
 * {@code sigma^2 = V}: with {@code D = (4 P^1/2 S1 P^1/2 + V^2 I)^1/2}, {@code P = A^2 S0}, it has
 * {@code Cov(Y_0, X_T) = (P^1/2 D P^-1/2 - V I) / 2}, so {@code C = Cov(X_0, X_T)} is that over A. Dynamic part:
 * given its ends the bridge is the reference's own bridge, {@code X_t = c0 X_0 + c1 X_T + sqrt(s) Z} with
 * {@code c1 = sigma_t^2 a / V}, {@code c0 = alpha_t - c1 A}, {@code s = sigma_t^2 v / V}, where
 * {@code X_T | X_t ~ N(a X_t, v I)} ({@code a = A / alpha_t}, {@code v = V - a^2 sigma_t^2}). Hence the marginals
 * {@code mu_t = c0 m0 + c1 m1}, {@code Sigma_t = c0^2 S0 + c1^2 S1 + c0 c1 (C + C^T) + s I} (REFERENCES.md §5 is the
 * Brownian case, c0 = 1 - t, c1 = t), and the Markov drifts as conditional means of the reference bridges':
 * forward {@code -lambda x + g^2 u_f} with {@code u_f(x, t) = a (E[X_T | X_t = x] - a x) / v}, and in reverse time
 * {@code lambda y + g^2 u_b} with {@code u_b(y, t) = -(y - alpha_t E[X_0 | X_t = y]) / sigma_t^2}; their sum is the
 * marginal score, {@code u_f + u_b = -Sigma_t^-1 (x - mu_t)}.
 */
public final class GaussianBridge {

  private final ForwardProcess.LinearMarginals reference;
  private final double horizon;
  private final int dim;
  private final RealMatrix m0;
  private final RealMatrix m1;
  private final RealMatrix s0;
  private final RealMatrix s1;
  private final RealMatrix cross;
  private final Map<Double, AtTime> cache = new HashMap<>();

  /**
   * @param reference the reference's marginal coefficients
   * @param horizon T
   * @param mean0 the target-side mean (t = 0)
   * @param cov0 the target-side covariance, symmetric positive definite
   * @param mean1 the prior-side mean (t = T)
   * @param cov1 the prior-side covariance, symmetric positive definite
   */
  public GaussianBridge(ForwardProcess.LinearMarginals reference, double horizon, double[] mean0, double[][] cov0,
      double[] mean1, double[][] cov1) {
    this.dim = mean0.length;
    if (mean1.length != dim || cov0.length != dim || cov1.length != dim) {
      throw new IllegalArgumentException("the bridge's ends have different dimensions: " + dim + " and "
          + mean1.length);
    }
    this.reference = reference;
    this.horizon = horizon;
    this.m0 = MatrixUtils.createColumnRealMatrix(mean0);
    this.m1 = MatrixUtils.createColumnRealMatrix(mean1);
    this.s0 = new Array2DRowRealMatrix(cov0, true);
    this.s1 = new Array2DRowRealMatrix(cov1, true);
    double a = reference.alpha(horizon);
    double v = reference.sigma(horizon) * reference.sigma(horizon);
    if (!(a > 0) || !(v > 0)) {
      throw new IllegalArgumentException("the reference must contract by a positive factor and add noise over the"
          + " horizon, got alpha(T) = " + a + ", sigma(T)^2 = " + v);
    }
    RealMatrix p = s0.scalarMultiply(a * a);
    RealMatrix pHalf = sqrt(p);
    RealMatrix pHalfInv = MatrixUtils.inverse(pHalf);
    RealMatrix d = sqrt(pHalf.multiply(s1).multiply(pHalf).scalarMultiply(4)
        .add(MatrixUtils.createRealIdentityMatrix(dim).scalarMultiply(v * v)));
    this.cross = pHalf.multiply(d).multiply(pHalfInv)
        .subtract(MatrixUtils.createRealIdentityMatrix(dim).scalarMultiply(v)).scalarMultiply(0.5 / a);
  }

  public int dim() {
    return dim;
  }

  public double horizon() {
    return horizon;
  }

  /** {@code Cov(X_0, X_T)} of the optimal coupling. */
  public double[][] crossCovariance() {
    return cross.getData();
  }

  /** The marginal mean at forward time t. */
  public double[] mean(double t) {
    return at(t).mean.getColumn(0);
  }

  /** The marginal covariance at forward time t. */
  public double[][] covariance(double t) {
    return at(t).cov.getData();
  }

  /** The forward field {@code u_f(x, t)}, 0 <= t < T: the bridge's forward drift is {@code -lambda x + g^2 u_f}. */
  public INDArray forwardField(INDArray x, double t) {
    AtTime m = at(t);
    if (m.forward == null) {
      throw new IllegalArgumentException("the forward field is singular at t = T = " + horizon);
    }
    return affine(x, m.forward, m.forwardShift);
  }

  /**
   * The backward field {@code u_b(y, t)}, 0 < t <= T: in solver time {@code s = T - t} the bridge runs
   * {@code dY = [lambda Y + g^2 u_b] ds + g dW}.
   */
  public INDArray backwardField(INDArray y, double t) {
    AtTime m = at(t);
    if (m.backward == null) {
      throw new IllegalArgumentException("the backward field is singular at t = 0");
    }
    return affine(y, m.backward, m.backwardShift);
  }

  /** {@code x M^T + shift^T} for every row. */
  private static INDArray affine(INDArray x, RealMatrix m, RealMatrix shift) {
    int n = (int) x.size(0);
    int d = (int) x.size(1);
    double[] in = Rows.values(x);
    double[] out = new double[n * d];
    double[][] a = m.getData();
    double[] b = shift.getColumn(0);
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < d; i++) {
        double s = b[i];
        for (int j = 0; j < d; j++) {
          s += a[i][j] * in[r * d + j];
        }
        out[r * d + i] = s;
      }
    }
    return Rows.matrix(out, n, d);
  }

  /** The marginal and both fields at t, as affine maps {@code u(x) = M x + shift}. */
  private synchronized AtTime at(double t) {
    if (!(t >= 0 && t <= horizon)) {
      throw new IllegalArgumentException("time " + t + " is outside the bridge's [0, " + horizon + "]");
    }
    AtTime cached = cache.get(t);
    if (cached != null) {
      return cached;
    }
    double bigA = reference.alpha(horizon);
    double bigV = reference.sigma(horizon) * reference.sigma(horizon);
    double alpha = reference.alpha(t);
    double sigma2 = reference.sigma(t) * reference.sigma(t);
    double a = bigA / alpha;
    double v = Math.max(0, bigV - a * a * sigma2);
    double c1 = sigma2 * a / bigV;
    double c0 = alpha - c1 * bigA;
    double s = sigma2 * v / bigV;
    RealMatrix id = MatrixUtils.createRealIdentityMatrix(dim);
    RealMatrix mean = m0.scalarMultiply(c0).add(m1.scalarMultiply(c1));
    RealMatrix cov = s0.scalarMultiply(c0 * c0).add(s1.scalarMultiply(c1 * c1))
        .add(cross.add(cross.transpose()).scalarMultiply(c0 * c1)).add(id.scalarMultiply(s));
    cov = cov.add(cov.transpose()).scalarMultiply(0.5);
    RealMatrix precision = new LUDecomposition(cov).getSolver().getInverse();
    RealMatrix forward = null;
    RealMatrix forwardShift = null;
    if (v > 1e-14 * bigV) {
      // E[X_T | x] = m1 + (c0 C^T + c1 S1) P (x - mu); u_f = a (E[X_T | x] - a x) / v
      RealMatrix gain = cross.transpose().scalarMultiply(c0).add(s1.scalarMultiply(c1)).multiply(precision);
      forward = gain.subtract(id.scalarMultiply(a)).scalarMultiply(a / v);
      forwardShift = m1.subtract(gain.multiply(mean)).scalarMultiply(a / v);
    }
    RealMatrix backward = null;
    RealMatrix backwardShift = null;
    if (sigma2 > 0) {
      // E[X_0 | y] = m0 + (c0 S0 + c1 C) P (y - mu); u_b = -(y - alpha E[X_0 | y]) / sigma^2
      RealMatrix gain = s0.scalarMultiply(c0).add(cross.scalarMultiply(c1)).multiply(precision);
      backward = gain.scalarMultiply(alpha).subtract(id).scalarMultiply(1 / sigma2);
      backwardShift = m0.subtract(gain.multiply(mean)).scalarMultiply(alpha / sigma2);
    }
    AtTime result = new AtTime(mean, cov, forward, forwardShift, backward, backwardShift);
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(t, result);
    return result;
  }

  private record AtTime(RealMatrix mean, RealMatrix cov, RealMatrix forward, RealMatrix forwardShift,
      RealMatrix backward, RealMatrix backwardShift) {}

  /** The symmetric square root of a symmetric positive semi-definite matrix. */
  static RealMatrix sqrt(RealMatrix m) {
    RealMatrix sym = m.add(m.transpose()).scalarMultiply(0.5);
    EigenDecomposition e = new EigenDecomposition(sym);
    double[] values = e.getRealEigenvalues();
    double[] roots = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] < -1e-12 * Math.max(1, Math.abs(values[0]))) {
        throw new IllegalArgumentException("matrix is not positive semi-definite (eigenvalue " + values[i] + ")");
      }
      roots[i] = Math.sqrt(Math.max(0, values[i]));
    }
    return e.getV().multiply(MatrixUtils.createRealDiagonalMatrix(roots)).multiply(e.getVT());
  }
}
