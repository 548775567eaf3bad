package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code lgcp}: log Gaussian Cox process on the Finnish pines (Moller et al. 1998; the set-up of Heng et al. 2017
 * and of the AFT / PIS / DDS benchmark code). The unit square is cut into a 40 x 40 grid; cell (r, c) holds the
 * count of points with floor(40 x) = r, floor(40 y) = c, flattened as r * 40 + c. The coordinates are the
 * 1600 latent log intensities x, <b>not whitened</b>:
 *
 * <pre>
 *   log p(x) = log N(x; mu 1, K) + sum_i (count_i x_i - exp(x_i) / 1600)
 *   K_ij = 1.91 exp(-|g_i - g_j| / (40 beta)),  beta = 1/33,  mu = log 126 - 1.91 / 2
 * </pre>
 *
 * with g_i the integer grid position of cell i. As in the benchmark code the Poisson term omits -log(count!),
 * which is what makes the published log Z about 512.6. The GP prior is normalised; its precision K^-1 and
 * log det K come from a Cholesky factorisation done once per data file and cached (the exponential kernel in
 * Euclidean distance is not separable, so there is no Kronecker shortcut). One batch costs one
 * {@code [n, 1600] x [1600, 1600]} product.
 */
final class LgcpTarget implements Target {

  static final int GRID = 40;
  static final int DIM = GRID * GRID;
  static final double SIGNAL_VARIANCE = 1.91;
  static final double BETA = 1.0 / 33;
  static final double MEAN = Math.log(126) - 0.5 * SIGNAL_VARIANCE;
  static final double CELL_AREA = 1.0 / DIM;

  private static final Map<String, LgcpTarget> CACHE = new ConcurrentHashMap<>();

  static final Setting<String> DATA = Setting.text("data", "",
      "CSV of point locations in [0,1]^2 with columns data_x,data_y (blank = the bundled pines)");

  private final double[] counts;
  private final INDArray countsRow;
  private final INDArray countsColumn;
  private final INDArray precision;
  private final double constant;

  private LgcpTarget(double[] counts) {
    this.counts = counts;
    this.countsRow = Rows.vector(counts.clone()).reshape(1, DIM);
    this.countsColumn = Rows.vector(counts.clone()).reshape(DIM, 1);
    double[][] l = cholesky(covariance());
    double logDet = 0;
    for (int i = 0; i < DIM; i++) {
      logDet += 2 * Math.log(l[i][i]);
    }
    double[] inv = lowerInverse(l);
    INDArray m = Rows.matrix(inv, DIM, DIM);
    this.precision = m.transpose().mmul(m);
    this.constant = -0.5 * DIM * Math.log(2 * Math.PI) - 0.5 * logDet;
  }

  /** The target for a point file (blank = bundled pines), built once per file. */
  static LgcpTarget forData(String file) {
    String key = file == null ? "" : file.trim();
    LgcpTarget cached = CACHE.get(key);
    if (cached == null) {
      cached = new LgcpTarget(counts(DataFiles.read(key, "pines.csv", 2)));
      CACHE.putIfAbsent(key, cached);
    }
    return cached;
  }

  /** Counts per cell, flattened row-major; points on the upper edge go to the last cell. */
  static double[] counts(DataFiles.Table points) {
    int cx = points.column("data_x");
    int cy = points.column("data_y");
    double[] c = new double[DIM];
    for (int j = 0; j < points.rows().size(); j++) {
      double x = points.number(j, cx);
      double y = points.number(j, cy);
      if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
        throw new io.driftkit.api.config.ConfigException("data file " + points.source() + ", line " + (j + 2)
            + ": point (" + x + ", " + y + ") is outside the unit square");
      }
      int r = Math.min((int) Math.floor(x * GRID), GRID - 1);
      int col = Math.min((int) Math.floor(y * GRID), GRID - 1);
      c[r * GRID + col]++;
    }
    return c;
  }

  /** The GP prior covariance on the grid cells. */
  static double[][] covariance() {
    double[][] k = new double[DIM][DIM];
    for (int i = 0; i < DIM; i++) {
      for (int j = 0; j < DIM; j++) {
        double dr = i / GRID - j / GRID;
        double dc = i % GRID - j % GRID;
        k[i][j] = SIGNAL_VARIANCE * Math.exp(-Math.sqrt(dr * dr + dc * dc) / (GRID * BETA));
      }
    }
    return k;
  }

  /** Counts per cell (a copy). */
  double[] counts() {
    return counts.clone();
  }

  @Override
  public int dim() {
    return DIM;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    return evaluate(x, false)[0];
  }

  @Override
  public INDArray gradLogDensity(INDArray x) {
    return evaluate(x, true)[1];
  }

  /**
   * Whole-array ND4J ops: at this size (n x 1600) copying to Java arrays and back costs more than the
   * element-wise work, and the matrix product dominates anyway.
   */
  private INDArray[] evaluate(INDArray x, boolean gradient) {
    Rows.checkBatch(x, DIM, "target 'lgcp'");
    INDArray x64 = x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
    INDArray centred = x64.sub(MEAN);
    INDArray pd = centred.mmul(precision);
    INDArray intensity = Transforms.exp(x64, true).muli(CELL_AREA);
    if (gradient) {
      return new INDArray[] {null, intensity.negi().subi(pd).addiRowVector(countsRow)};
    }
    INDArray logp = centred.muli(pd).muli(-0.5).sum(1)
        .addi(x64.mmul(countsColumn).reshape(-1))
        .subi(intensity.sum(1))
        .addi(constant);
    return new INDArray[] {logp, null};
  }

  @Override
  public OptionalDouble logNormalizer() {
    return OptionalDouble.empty();
  }

  @Override
  public PlotBox plotBox() {
    return new PlotBox(MEAN - 5, MEAN + 5, MEAN - 5, MEAN + 5);
  }

  @Override
  public String toString() {
    return "lgcp (d=1600, " + (int) java.util.Arrays.stream(counts).sum() + " points)";
  }

  /** Lower Cholesky factor of a symmetric positive definite matrix (row-oriented dot products). */
  static double[][] cholesky(double[][] a) {
    int d = a.length;
    double[][] l = new double[d][d];
    for (int i = 0; i < d; i++) {
      double[] li = l[i];
      for (int j = 0; j <= i; j++) {
        double[] lj = l[j];
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalStateException("GP covariance is not positive definite at " + i);
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return l;
  }

  /** L^-1 for lower-triangular L, row-major flat, by forward substitution row by row. */
  static double[] lowerInverse(double[][] l) {
    int d = l.length;
    double[] m = new double[d * d];
    for (int i = 0; i < d; i++) {
      int oi = i * d;
      m[oi + i] = 1;
      for (int k = 0; k < i; k++) {
        double c = l[i][k];
        if (c != 0) {
          int ok = k * d;
          for (int j = 0; j <= k; j++) {
            m[oi + j] -= c * m[ok + j];
          }
        }
      }
      double inv = 1 / l[i][i];
      for (int j = 0; j <= i; j++) {
        m[oi + j] *= inv;
      }
    }
    return m;
  }

  /** The factory bound as {@code lgcp}. */
  static final class Factory implements ComponentFactory<Target> {
    @Override
    public String description() {
      return "log Gaussian Cox process on the Finnish pines, 40x40 grid, 1600-d latent log intensities "
          + "(not whitened); log Z unknown (about 512.6)";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DATA);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      LgcpTarget target = forData(settings.get(DATA));
      DataFiles.report(context, settings.get(DATA), "pines.csv");
      return target;
    }
  }
}
