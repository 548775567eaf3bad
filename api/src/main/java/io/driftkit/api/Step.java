package io.driftkit.api;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One step of an integrator from {@code t} to {@code t + dt}. For an Euler–Maruyama step
 * {@code next = state + dt drift + diffusion sqrt(dt) noise}; {@code noise} is the standard-normal increment, null
 * for ODE steps. The arrays belong to the integrator and are valid only during the call.
 *
 * @param index the step number k, from 0
 * @param time t_k
 * @param dt the step length
 * @param state X_k
 * @param next X_{k+1}; observers may change it in place
 * @param drift the drift evaluated at (X_k, t_k)
 * @param diffusion g(t_k)
 * @param noise the standard-normal increment used, or null
 */
public record Step(int index, double time, double dt, INDArray state, INDArray next, INDArray drift,
    double diffusion, INDArray noise) {}
