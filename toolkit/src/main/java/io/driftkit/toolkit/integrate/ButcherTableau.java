package io.driftkit.toolkit.integrate;

/**
 * An explicit Runge–Kutta method: stage times {@code c}, the strictly lower-triangular matrix {@code a}, weights
 * {@code b} and, for embedded pairs, the weights {@code bLow} of the lower-order solution used for error control.
 *
 * <p>The constructor checks the coefficients, not only the shapes: {@code c_i = sum_j a_ij} for every row, and
 * Butcher's order conditions (one per rooted tree) up to {@code order} for {@code b} and up to {@code order - 1}
 * for {@code bLow}: 1, 2, 4, 8, 17 conditions for orders 1 to 5. A mistyped coefficient is refused here, naming the
 * condition it breaks, instead of silently lowering the order of every run.
 *
 * @param order the order of the solution given by {@code b}
 */
public record ButcherTableau(String name, int order, double[] c, double[][] a, double[] b, double[] bLow) {

  public ButcherTableau {
    int s = b.length;
    if (c.length != s || a.length != s || (bLow != null && bLow.length != s)) {
      throw new IllegalArgumentException(name + ": tableau arrays disagree on the number of stages " + s);
    }
    for (int i = 0; i < s; i++) {
      if (a[i].length != i) {
        throw new IllegalArgumentException(name + ": row " + i + " of a must have " + i + " entries (explicit)");
      }
    }
    if (order < 1) {
      throw new IllegalArgumentException(name + ": order must be >= 1, got " + order);
    }
    OrderConditions.check(name, "b", order, c, a, b);
    if (bLow != null) {
      OrderConditions.check(name, "bLow", order - 1, c, a, bLow);
    }
  }

  public int stages() {
    return b.length;
  }

  /**
   * Whether the last stage is evaluated at the new solution ("first same as last"): its row of {@code a} equals
   * {@code b}, its weight is zero and {@code c = 1}, so it is the first stage of the next step.
   */
  public boolean firstSameAsLast() {
    int s = stages();
    if (s < 2 || b[s - 1] != 0 || c[s - 1] != 1) {
      return false;
    }
    for (int j = 0; j < s - 1; j++) {
      if (a[s - 1][j] != b[j]) {
        return false;
      }
    }
    return true;
  }

  /** Whether an embedded lower-order solution is available for error estimation. */
  public boolean embedded() {
    return bLow != null;
  }

  /** Forward Euler, order 1. */
  public static final ButcherTableau EULER = new ButcherTableau("euler", 1,
      new double[] {0}, new double[][] {{}}, new double[] {1}, null);

  /** Heun's method (explicit trapezoidal rule), order 2. */
  public static final ButcherTableau HEUN = new ButcherTableau("heun", 2,
      new double[] {0, 1}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null);

  /** The classical fourth-order Runge–Kutta method. */
  public static final ButcherTableau RK4 = new ButcherTableau("rk4", 4,
      new double[] {0, 0.5, 0.5, 1},
      new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
      new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null);

  /** Dormand–Prince 5(4): fifth-order solution, embedded fourth-order one for the error estimate. */
  public static final ButcherTableau DORMAND_PRINCE = new ButcherTableau("rk45", 5,
      new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
      new double[][] {
          {},
          {1.0 / 5},
          {3.0 / 40, 9.0 / 40},
          {44.0 / 45, -56.0 / 15, 32.0 / 9},
          {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
          {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
          {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
      new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
      new double[] {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40});
}
