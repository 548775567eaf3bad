/**
 * Sample-quality and normalising-constant metrics, as plain static methods on float64 inputs: log Z estimates from
 * log importance weights ({@link io.driftkit.core.metrics.LogZ}), MMD ({@link io.driftkit.core.metrics.Mmd}),
 * debiased Sinkhorn divergence ({@link io.driftkit.core.metrics.Sinkhorn}), exact W2
 * ({@link io.driftkit.core.metrics.Wasserstein}), entropic mode coverage
 * ({@link io.driftkit.core.metrics.ModeCoverage}) and moment errors ({@link io.driftkit.core.metrics.Moments}).
 * Samples are {@code [n, d]} arrays (any float type, read as float64).
 */
package io.driftkit.core.metrics;
