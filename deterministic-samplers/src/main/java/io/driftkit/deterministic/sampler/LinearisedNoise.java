package io.driftkit.deterministic.sampler;

import io.driftkit.api.ForwardProcess;
import io.driftkit.toolkit.Rows;

/**
 * The noise scale of a forward process {@code dX = f(X, t) dt + g(t) dW} linearised at the origin: with
 * {@code lambda(t) = -df/dx(0, t)} (central differences of the drift along the all-ones direction, averaged over
 * coordinates) the linear process {@code dX = -lambda X dt + g dW} started at 0 has variance V with
 * {@code V' = -2 lambda V + g^2}, V(0) = 0, solved by RK4 on a fine table; {@code nu = sqrt(V)}. For a linear process it
 * is exactly its sigma(t); for a drift that saturates (tanh) it keeps the noise level the drift's pull allows.
 */
final class LinearisedNoise {

  private static final int NODES = 1024;

  private final double horizon;
  private final double[] lambda;
  private final double[] variance;
  private final ForwardProcess forward;

  LinearisedNoise(ForwardProcess forward, int dim) {
    this.forward = forward;
    this.horizon = forward.horizon();
    this.lambda = new double[2 * NODES + 1];
    double dt = horizon / NODES;
    double h = 1e-4;
    double[] rows = new double[2 * dim];
    for (int i = 0; i < dim; i++) {
      rows[i] = h;
      rows[dim + i] = -h;
    }
    // lambda at every half node, so RK4's midpoints need no interpolation
    for (int k = 0; k <= 2 * NODES; k++) {
      double[] f = Rows.values(forward.drift(Rows.matrix(rows, 2, dim), 0.5 * k * dt));
      double slope = 0;
      for (int i = 0; i < dim; i++) {
        slope += (f[i] - f[dim + i]) / (2 * h) / dim;
      }
      lambda[k] = -slope;
    }
    this.variance = new double[NODES + 1];
    for (int k = 0; k < NODES; k++) {
      double t = k * dt;
      double v = variance[k];
      double k1 = rate(v, 2 * k, t);
      double k2 = rate(v + 0.5 * dt * k1, 2 * k + 1, t + 0.5 * dt);
      double k3 = rate(v + 0.5 * dt * k2, 2 * k + 1, t + 0.5 * dt);
      double k4 = rate(v + dt * k3, 2 * k + 2, t + dt);
      variance[k + 1] = v + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
  }

  private double rate(double v, int half, double t) {
    double g = forward.diffusion(t);
    return -2 * lambda[half] * v + g * g;
  }

  /** lambda(t) (linear between the tabulated half nodes). */
  double lambda(double t) {
    double x = Math.max(0, Math.min(2 * NODES, t / horizon * 2 * NODES));
    int k = Math.min(2 * NODES - 1, (int) x);
    double u = x - k;
    return (1 - u) * lambda[k] + u * lambda[k + 1];
  }

  /** nu(t) = sqrt(V(t)): cubic Hermite in t with the exact slopes V' = -2 lambda V + g^2. */
  double nu(double t) {
    double dt = horizon / NODES;
    double x = Math.max(0, Math.min(NODES, t / dt));
    int k = Math.min(NODES - 1, (int) x);
    double u = x - k;
    double v0 = variance[k];
    double v1 = variance[k + 1];
    double m0 = rate(v0, 2 * k, k * dt) * dt;
    double m1 = rate(v1, 2 * k + 2, (k + 1) * dt) * dt;
    double u2 = u * u;
    double u3 = u2 * u;
    double v = (2 * u3 - 3 * u2 + 1) * v0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * v1 + (u3 - u2) * m1;
    return Math.sqrt(Math.max(0, v));
  }
}
