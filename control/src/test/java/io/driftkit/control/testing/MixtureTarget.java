package io.driftkit.control.testing;

import io.driftkit.api.PlotBox;
import io.driftkit.api.math.GaussianMixture;
import io.driftkit.api.math.GaussianMixtureTarget;

/** A Gaussian mixture scaled by exp(logZ): an unnormalised target whose log Z is known exactly. */
public final class MixtureTarget extends GaussianMixtureTarget {

  public MixtureTarget(GaussianMixture mixture, double logZ) {
    super(mixture, logZ, PlotBox.square(5));
  }
}
