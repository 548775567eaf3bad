package io.driftkit.api;

/**
 * What a denoising model's output means, for a noising process with {@code X_t = alpha(t) X_0 + sigma(t) Z}: the
 * score {@code grad log p_t(x)}, the noise {@code E[Z | X_t = x]}, the data {@code E[X_0 | X_t = x]}, or the velocity
 * {@code E[alpha Z - sigma X_0 | X_t = x]} (Salimans and Ho 2022). Every one but the score needs the closed-form
 * marginals of a linear process to be converted; {@code io.driftkit.toolkit.diffusion.Predictions} converts them.
 */
public enum Prediction {
  SCORE, EPS, X0, V
}
