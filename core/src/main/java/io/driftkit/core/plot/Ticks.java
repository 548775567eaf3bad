package io.driftkit.core.plot;

/** Round tick intervals, shared by the plots that label their own axes. */
final class Ticks {

  private Ticks() {}

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double roundInterval(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5}) {
      if (m * power >= raw * (1 - 1e-12)) {
        return m * power;
      }
    }
    return 10 * power;
  }
}
