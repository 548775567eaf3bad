/**
 * The driftkit service-provider interfaces: {@link io.driftkit.api.Target}, {@link io.driftkit.api.ForwardProcess},
 * {@link io.driftkit.api.DriftModel}, {@link io.driftkit.api.Loss}, {@link io.driftkit.api.Integrator} and the
 * family-level {@link io.driftkit.api.Method}, with the small value types they exchange. A plugin compiles against
 * this module only.
 *
 * <p>Conventions: batches are {@code [n, d]} float64 arrays, batch first; per-sample scalars are {@code [n]} float64
 * vectors; time is a scalar per step (or a {@code [n]} vector where a call batches several times).
 */
package io.driftkit.api;
