package io.driftkit.api;

/**
 * A stochastic interpolant {@code x_t = a(t) x0 + b(t) x1 + gamma(t) z} on {@code t in [0, 1]} (Albergo, Boffi &
 * Vanden-Eijnden), with {@code x0 ~ rho0}, {@code x1 ~ rho1} and {@code z ~ N(0, I)} independent. The boundary
 * conditions {@code a(0) = b(1) = 1}, {@code a(1) = b(0) = 0}, {@code gamma(0) = gamma(1) = 0} make {@code x_0 ~ rho0}
 * and {@code x_1 ~ rho1}, so the law of x_t bridges the two densities exactly in finite time.
 *
 * <p>Every coefficient is a plain function of t and must be exact: the velocity {@code b(t, x) = E[a' x0 + b' x1 +
 * gamma' z | x_t = x]} and the losses use the derivatives as given. {@code gamma'} itself may be infinite at the ends
 * (for {@code gamma = sqrt(t (1 - t))}); {@link #gammaGammaDot} stays finite there and is what is used.
 */
public interface Interpolant {

  /** What x0 is. */
  enum Base {
    /** x0 is drawn from rho0, independently of x1. */
    ANY,
    /** A one-sided interpolant: x0 ~ N(0, I) whatever rho0 says, so {@code gamma = 0} keeps a Gaussian part. */
    GAUSSIAN,
    /** A mirror interpolant: x0 = x1 (rho0 = rho1); only {@code a + b} matters, and it must be 1 at both ends. */
    MIRROR
  }

  /** a(t), the weight of x0. */
  double a(double t);

  /** b(t), the weight of x1. */
  double b(double t);

  /** a'(t), exact. */
  double aDot(double t);

  /** b'(t), exact. */
  double bDot(double t);

  /** gamma(t) >= 0, the scale of the latent noise z. */
  double gamma(double t);

  /** {@code gamma(t) gamma'(t)} = half the derivative of gamma^2, exact and finite on [0, 1]. */
  double gammaGammaDot(double t);

  /** What x0 is; {@link Base#ANY} unless the interpolant is one-sided or a mirror. */
  default Base base() {
    return Base.ANY;
  }
}
