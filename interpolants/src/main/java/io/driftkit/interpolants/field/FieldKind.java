package io.driftkit.interpolants.field;

/** What one d-dimensional output block of an interpolant model stands for. */
public enum FieldKind {
  /** The velocity b(t, x) = E[a' x0 + b' x1 + gamma' z | x_t = x]: the probability-flow drift. */
  VELOCITY,
  /** v(t, x) = E[a' x0 + b' x1 | x_t = x] (a Gaussian x0 included), so that b = v - gamma gamma' s. */
  V,
  /** The score s(t, x) = grad log rho_t(x). */
  SCORE,
  /** The denoiser eta(t, x) = E[noise | x_t = x], s = -eta / sigma(t) (noise z and sigma = gamma; {@link Noise}). */
  DENOISER
}
