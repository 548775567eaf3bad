package io.driftkit.sde.forward;

/** A noise rate beta(t) of a variance-preserving process with its integral {@code B(t) = int_0^t beta}. */
public interface BetaSchedule {

  double beta(double t);

  /** B(t) = int_0^t beta(s) ds, in closed form. */
  double integral(double t);

  /** Linear {@code beta(t) = betaMin + t (betaMax - betaMin)} (Song et al. 2021). */
  static BetaSchedule linear(double betaMin, double betaMax) {
    if (!(betaMin > 0) || !(betaMax >= betaMin)) {
      throw new IllegalArgumentException("linear beta needs 0 < beta-min <= beta-max, got " + betaMin + ", " + betaMax);
    }
    return new BetaSchedule() {
      @Override
      public double beta(double t) {
        return betaMin + t * (betaMax - betaMin);
      }

      @Override
      public double integral(double t) {
        return betaMin * t + 0.5 * (betaMax - betaMin) * t * t;
      }
    };
  }

  /**
   * Nichol and Dhariwal's cosine schedule {@code abar(tau) = f(tau) / f(0)}, {@code f(tau) = cos^2((tau + s) / (1 + s)
   * pi / 2)}, s = 0.008. Its beta diverges at tau = 1, so solver time t in [0, 1] maps onto tau = t * tauMax with
   * tauMax = 0.9946 (the end point DPM-Solver uses); B(t) = -log abar(tau).
   */
  static BetaSchedule cosine() {
    double s = 0.008;
    double tauMax = 0.9946;
    double c = Math.PI / 2 / (1 + s);
    double logF0 = 2 * Math.log(Math.cos(s * c));
    return new BetaSchedule() {
      @Override
      public double beta(double t) {
        // d/dt [-log abar] = 2 c tan((tau + s) c) * dtau/dt
        return 2 * c * Math.tan((t * tauMax + s) * c) * tauMax;
      }

      @Override
      public double integral(double t) {
        return logF0 - 2 * Math.log(Math.cos((t * tauMax + s) * c));
      }
    };
  }
}
