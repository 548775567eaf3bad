package io.driftkit.interpolants.field;

import io.driftkit.api.Interpolant;

/**
 * The Gaussian part of an interpolant at one time, which the score and denoiser are defined by. With x0 from rho0 the
 * noise is {@code gamma z} (scale sigma = gamma, noise z); for a one-sided interpolant it is {@code a x0 + gamma z}
 * with x0 ~ N(0, I) (sigma = sqrt(a^2 + gamma^2), noise (a x0 + gamma z) / sigma). Either way
 * {@code s = -E[noise | x_t] / sigma}, which fixes the sign convention of the denoiser: eta = E[noise | x_t]
 * (Albergo, Boffi & Vanden-Eijnden, with z the noise; the authors' public code learns -eta instead).
 *
 * @param sigma the noise scale
 * @param sigmaSigmaDot sigma sigma', finite where gamma gamma' is
 */
public record Noise(double sigma, double sigmaSigmaDot) {

  /** The noise of {@code ip} at time t. */
  public static Noise of(Interpolant ip, double t) {
    if (ip.base() == Interpolant.Base.GAUSSIAN) {
      double a = ip.a(t);
      double g = ip.gamma(t);
      return new Noise(Math.sqrt(a * a + g * g), a * ip.aDot(t) + ip.gammaGammaDot(t));
    }
    return new Noise(ip.gamma(t), ip.gammaGammaDot(t));
  }

  /** sigma' = (sigma sigma') / sigma, or 0 where sigma vanishes (gamma = 0). */
  public double sigmaDot() {
    return sigma > 0 ? sigmaSigmaDot / sigma : 0;
  }
}
