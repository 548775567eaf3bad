package io.driftkit.targets;

/**
 * The exponentially scaled modified Bessel functions {@code e^-z I_0(z)} and {@code e^-z I_1(z)} for z >= 0, to
 * about 1e-14 relative: the power series below z = 20 (positive terms, no cancellation), Hankel's asymptotic series
 * above (truncated where its terms stop falling; the first omitted term is below e^-40 there). A ring of radius r
 * blurred by N(0, s^2 I) has a density in I_0, which is what the {@code circles} target needs.
 */
final class ModifiedBessel {

  private static final double SWITCH = 20;

  private ModifiedBessel() {}

  /** {@code e^-z I_0(z)}. */
  static double i0Scaled(double z) {
    return scaled(0, z);
  }

  /** {@code e^-z I_1(z)}. */
  static double i1Scaled(double z) {
    return scaled(1, z);
  }

  private static double scaled(int nu, double z) {
    if (!(z >= 0)) {
      throw new IllegalArgumentException("modified Bessel function needs z >= 0, got " + z);
    }
    if (z < SWITCH) {
      double half = z / 2;
      double term = nu == 0 ? 1 : half;
      double sum = term;
      double q = half * half;
      for (int k = 1; k < 200; k++) {
        term *= q / ((double) k * (k + nu));
        sum += term;
        if (term < 1e-17 * sum) {
          break;
        }
      }
      return sum * Math.exp(-z);
    }
    double mu = 4.0 * nu * nu;
    double term = 1;
    double sum = 1;
    for (int k = 1; k < 60; k++) {
      double next = -term * (mu - (2.0 * k - 1) * (2.0 * k - 1)) / (k * 8.0 * z);
      if (Math.abs(next) >= Math.abs(term)) {
        break;
      }
      term = next;
      sum += term;
      if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
        break;
      }
    }
    return sum / Math.sqrt(2 * Math.PI * z);
  }
}
