package io.driftkit.bridge;

import io.driftkit.api.ForwardProcess;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;

/** The Gaussian at the bridge's prior side, {@code N(0, v I)}, shared by {@code dsb} and {@code oracle-bridge}. */
final class BridgePrior {

  static final Setting<Double> PRIOR_STD = Setting.real("prior-std", 0.0,
      "standard deviation s of the prior N(0, s^2 I) at the bridge's far end; 0 = the law the reference process"
          + " keeps (vp, ou: their stationary law; ve, scaled-bm: sigma(T)), i.e. its own prior").atLeast(0);

  private BridgePrior() {}

  /**
   * The prior's variance: {@code priorStd^2}, or for 0 the variance of the law the reference leaves in place,
   * {@code sigma(T)^2 / (1 - alpha(T)^2)}, and {@code sigma(T)^2} for a reference that does not contract.
   */
  static double variance(ForwardProcess forward, double priorStd) {
    if (priorStd > 0) {
      return priorStd * priorStd;
    }
    ForwardProcess.LinearMarginals lin = linear(forward, "dsb");
    double alpha = lin.alpha(forward.horizon());
    double sigma = lin.sigma(forward.horizon());
    return alpha < 1 - 1e-9 ? sigma * sigma / (1 - alpha * alpha) : sigma * sigma;
  }

  /** The reference's closed-form marginals, or a config error naming the key. */
  static ForwardProcess.LinearMarginals linear(ForwardProcess forward, String who) {
    return forward.linear().orElseThrow(() -> new ConfigException("'" + who + "' needs a linear reference process"
        + " with closed-form marginals (key 'forward': vp, sub-vp, ve, ou or scaled-bm)"));
  }
}
