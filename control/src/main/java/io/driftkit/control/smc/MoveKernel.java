package io.driftkit.control.smc;

import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;

/** A Metropolis–Hastings move that leaves the annealed density pi_beta invariant, applied to every particle. */
interface MoveKernel {

  /**
   * Moves every particle once, in place.
   *
   * @param step the step size, fixed before the move (so the move is an exact pi_beta-invariant kernel)
   * @return the fraction of particles whose proposal was accepted
   */
  double move(Particles p, Target target, double beta, double step, RandomSource random);

  /** Gradient evaluations per particle that one {@link #move} costs. */
  int gradientsPerMove();
}
