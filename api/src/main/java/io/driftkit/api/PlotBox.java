package io.driftkit.api;

/** A rectangle in the plane of the first two coordinates, used to draw densities and samples. */
public record PlotBox(double xMin, double xMax, double yMin, double yMax) {

  public PlotBox {
    if (!(xMin < xMax) || !(yMin < yMax)) {
      throw new IllegalArgumentException(
          "plot box needs min < max, got [" + xMin + ", " + xMax + "] x [" + yMin + ", " + yMax + "]");
    }
  }

  /** The square [-half, half]^2. */
  public static PlotBox square(double half) {
    return new PlotBox(-half, half, -half, half);
  }
}
