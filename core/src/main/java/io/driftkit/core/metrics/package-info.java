/**
 * Sample-quality and normalising-constant metrics, as plain static methods on float64 inputs: log Z estimates from
 * log importance weights ({@link io.driftkit.core.metrics.LogZ}), signed unbiased MMD^2 with a multi-scale kernel
 * and a jackknife standard error ({@link io.driftkit.core.metrics.Mmd}), debiased Sinkhorn divergence
 * ({@link io.driftkit.core.metrics.Sinkhorn}), exact W2 ({@link io.driftkit.core.metrics.Wasserstein}), on-mode
 * metrics for Gaussian mixtures ({@link io.driftkit.core.metrics.ModeCoverage}), moment errors
 * ({@link io.driftkit.core.metrics.Moments}) and resampling by importance weights
 * ({@link io.driftkit.core.metrics.Resampling}). Samples are {@code [n, d]} arrays (any float type, read as float64).
 * Which metric sees which error is measured in {@code MetricSensitivityTest} and listed in README.
 */
package io.driftkit.core.metrics;
