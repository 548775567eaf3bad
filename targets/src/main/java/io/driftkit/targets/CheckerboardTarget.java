package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import io.driftkit.toolkit.Rows;
import java.util.List;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code checkerboard}: uniform on the 8 dark squares of a 4 x 4 board on {@code [-2 c, 2 c)^2} (cells of side c =
 * {@code cell}, default 2, the usual toy data set): cell (i, j), i, j in {-2, ..., 1}, is dark when i + j is even.
 * The density is exact and normalised, {@code 1 / (8 c^2)} on the dark squares (cells are half-open, [lo, hi)) and 0
 * elsewhere, so the log density is -Infinity off the board; it has no gradient to offer (zero inside, undefined at
 * the edges).
 */
final class CheckerboardTarget implements Target {

  private final double cell;

  CheckerboardTarget(double cell) {
    this.cell = cell;
  }

  @Override
  public int dim() {
    return 2;
  }

  private boolean dark(double x, double y) {
    double i = Math.floor(x / cell);
    double j = Math.floor(y / cell);
    return i >= -2 && i <= 1 && j >= -2 && j <= 1 && ((long) (i + j) & 1L) == 0;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    int n = Rows.checkBatch(x, 2, "target 'checkerboard'");
    double[] v = Rows.values(x);
    double inside = -Math.log(8 * cell * cell);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = dark(v[2 * r], v[2 * r + 1]) ? inside : Double.NEGATIVE_INFINITY;
    }
    return Rows.vector(out);
  }

  @Override
  public boolean hasGradient() {
    return false;
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    Rows.checkBatch(x, 2, "target 'checkerboard'");
    throw new UnsupportedOperationException("target 'checkerboard' is piecewise constant: its log density has no"
        + " gradient to offer");
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.of(0);
  }

  @Override
  public boolean hasExactSampler() {
    return true;
  }

  @Override
  public INDArray sample(int n, RandomSource random) {
    double[] out = new double[2 * n];
    for (int r = 0; r < n; r++) {
      int k = random.nextInt(8);
      int i = k / 2 - 2;
      // the two dark cells of column i are the rows j with i + j even
      int j = (k % 2 == 0 ? -2 : 0) + Math.floorMod(i, 2);
      out[2 * r] = cell * (i + random.nextDouble());
      out[2 * r + 1] = cell * (j + random.nextDouble());
    }
    return Rows.matrix(out, n, 2);
  }

  @Override
  public PlotBox plotBox() {
    return PlotBox.square(2.25 * cell);
  }

  @Override
  public String toString() {
    return "checkerboard (d=2)";
  }

  static final Setting<Double> CELL = Setting.real("cell", 2.0, "side of one square of the 4 x 4 board")
      .greaterThan(0);

  /** {@code checkerboard}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "uniform on the 8 dark squares of a 4 x 4 checkerboard (exact samples, exact normalised density,"
          + " no gradient)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(CELL);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      return new CheckerboardTarget(settings.get(CELL));
    }
  }
}
