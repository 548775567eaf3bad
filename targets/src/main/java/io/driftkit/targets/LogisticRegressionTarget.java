package io.driftkit.targets;

import io.driftkit.api.PlotBox;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.api.config.Settings;
import io.driftkit.toolkit.Rows;
import io.driftkit.api.plugin.ComponentContext;
import io.driftkit.api.plugin.ComponentFactory;
import java.lang.ref.Reference;
import java.nio.DoubleBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bayesian logistic regression ({@code logreg-ionosphere}, {@code logreg-sonar}, {@code logreg-credit}): a
 * normalised N(0, I) prior on the weights plus the Bernoulli-logit log likelihood
 * {@code sum_j y_j z_j - log(1 + exp(z_j))}, {@code z = X w}. The design matrix X is the data after
 * {@link #design}: every feature column standardised (mean 0, population std 1; a constant column becomes 0),
 * then a column of ones prepended as intercept. log Z is not known exactly.
 *
 * <p>The two matrix products per batch ({@code [n, d] x [d, N]} and back) run in ND4J's BLAS; the element-wise
 * part runs in one Java loop that is stable for any logit (softplus as max(z, 0) + log1p(exp(-|z|))).
 */
final class LogisticRegressionTarget implements Target {

  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final String name;
  private final int dim;
  private final INDArray design;
  private final INDArray designT;
  private final double[] labels;

  LogisticRegressionTarget(String name, double[][] x, double[] y) {
    this.name = name;
    this.dim = x[0].length;
    double[] flat = new double[x.length * dim];
    for (int j = 0; j < x.length; j++) {
      System.arraycopy(x[j], 0, flat, j * dim, dim);
    }
    this.design = Rows.matrix(flat, x.length, dim);
    this.designT = design.transpose().dup('c');
    this.labels = y.clone();
  }

  @Override
  public int dim() {
    return dim;
  }

  /** Number of data points N. */
  int observations() {
    return labels.length;
  }

  @Override
  public INDArray logDensity(INDArray w) {
    return evaluate(w, false)[0];
  }

  @Override
  public INDArray gradLogDensity(INDArray w) {
    return evaluate(w, true)[1];
  }

  /** Log density ([n]) or, if asked, gradient ([n, d]) from one product X w. */
  private INDArray[] evaluate(INDArray w, boolean gradient) {
    int n = Rows.checkBatch(w, dim, "target '" + name + "'");
    INDArray w64 = w.dataType() == design.dataType() ? w : w.castTo(design.dataType());
    int big = labels.length;
    // products into c-ordered arrays, and the element-wise pass on their native buffers in place: mmul's own
    // f-ordered results and copies to and from Java arrays cost as much as the arithmetic at [n, N] sizes
    INDArray logits = Nd4j.createUninitialized(DataType.DOUBLE, n, big);
    Nd4j.gemm(w64, designT, logits, false, false, 1, 0);
    DoubleBuffer z = logits.data().asNioDouble();
    if (gradient) {
      // only the residual y - sigmoid(z), written with e = exp(-|z|) so it never overflows
      for (int r = 0; r < n; r++) {
        int off = r * big;
        for (int j = 0; j < big; j++) {
          double zj = z.get(off + j);
          double e = Math.exp(-Math.abs(zj));
          z.put(off + j, labels[j] - (zj >= 0 ? 1 / (1 + e) : e / (1 + e)));
        }
      }
      INDArray g = Nd4j.createUninitialized(DataType.DOUBLE, n, dim);
      Nd4j.gemm(logits, design, g, false, false, 1, 0);
      return new INDArray[] {null, g.subi(w64)};
    }
    double[] wv = Rows.values(w64);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      double sq = 0;
      for (int i = 0; i < dim; i++) {
        sq += wv[r * dim + i] * wv[r * dim + i];
      }
      double s = -0.5 * sq - 0.5 * dim * LOG_2PI;
      int off = r * big;
      for (int j = 0; j < big; j++) {
        double zj = z.get(off + j);
        // softplus(z) = max(z, 0) + log(1 + exp(-|z|)); Math.log(1 + e) rather than log1p: its absolute error
        // (what matters in a sum) is ~1e-16 either way and it is several times faster
        s += labels[j] * zj - Math.max(zj, 0) - Math.log(1 + Math.exp(-Math.abs(zj)));
      }
      out[r] = s;
    }
    // z reads logits' native memory, which is freed once logits is collected: keep it reachable until here
    Reference.reachabilityFence(logits);
    return new INDArray[] {Rows.vector(out), null};
  }

  /**
   * In closed form: {@code H(w) v = -X^T diag(s) X v - v} with {@code s_j = sigmoid(z_j) sigmoid(-z_j)}, z = X w;
   * three products per batch, where central differences of the gradient need four and carry truncation error.
   */
  @Override
  public Optional<HessianVectorProduct> hessianVectorProduct() {
    return Optional.of(this::hessianTimes);
  }

  private INDArray hessianTimes(INDArray w, INDArray v) {
    int n = Rows.checkBatch(w, dim, "target '" + name + "'");
    Rows.checkBatch(v, dim, "target '" + name + "' (Hessian-vector product)");
    INDArray w64 = w.dataType() == design.dataType() ? w : w.castTo(design.dataType());
    INDArray v64 = v.dataType() == design.dataType() ? v : v.castTo(design.dataType());
    int big = labels.length;
    INDArray logits = Nd4j.createUninitialized(DataType.DOUBLE, n, big);
    Nd4j.gemm(w64, designT, logits, false, false, 1, 0);
    INDArray along = Nd4j.createUninitialized(DataType.DOUBLE, n, big);
    Nd4j.gemm(v64, designT, along, false, false, 1, 0);
    DoubleBuffer z = logits.data().asNioDouble();
    DoubleBuffer u = along.data().asNioDouble();
    for (int k = 0; k < n * big; k++) {
      // sigmoid(z) sigmoid(-z) = e / (1 + e)^2 with e = exp(-|z|), which never overflows
      double e = Math.exp(-Math.abs(z.get(k)));
      double q = 1 + e;
      u.put(k, u.get(k) * e / (q * q));
    }
    INDArray out = Nd4j.createUninitialized(DataType.DOUBLE, n, dim);
    Nd4j.gemm(along, design, out, false, false, 1, 0);
    Reference.reachabilityFence(logits);
    Reference.reachabilityFence(along);
    return out.negi().subi(v64);
  }

  @Override
  public PlotBox plotBox() {
    return PlotBox.square(3);
  }

  @Override
  public String toString() {
    return name + " (d=" + dim + ", N=" + labels.length + ")";
  }

  /**
   * The design matrix from raw features: per-column standardisation with the population std (a constant column is
   * only centred, i.e. becomes 0), then an intercept column of ones in front.
   */
  static double[][] design(double[][] raw) {
    int n = raw.length;
    int p = raw[0].length;
    double[][] x = new double[n][p + 1];
    for (int c = 0; c < p; c++) {
      double mean = 0;
      for (double[] row : raw) {
        mean += row[c];
      }
      mean /= n;
      double var = 0;
      for (double[] row : raw) {
        var += (row[c] - mean) * (row[c] - mean);
      }
      double sd = Math.sqrt(var / n);
      for (int j = 0; j < n; j++) {
        x[j][c + 1] = sd > 0 ? (raw[j][c] - mean) / sd : 0;
      }
    }
    for (int j = 0; j < n; j++) {
      x[j][0] = 1;
    }
    return x;
  }

  static final Setting<String> DATA = Setting.text("data", "",
      "CSV file to read instead of the bundled data set (same columns; blank = bundled)");

  /**
   * One data set: its bundled file, the column count, and which raw label means 1.
   *
   * @param positive the label text coded as 1; every other value of {@code allowed} is 0
   */
  record DataSet(String name, String file, int columns, Predicate<String> allowed, String positive,
      String description) {}

  static final DataSet IONOSPHERE = new DataSet("logreg-ionosphere", "ionosphere.csv", 35,
      l -> l.equals("g") || l.equals("b"), "g", "ionosphere (351 x 34, label g = 1, b = 0)");
  static final DataSet SONAR = new DataSet("logreg-sonar", "sonar.csv", 61,
      l -> l.equals("R") || l.equals("M"), "R", "sonar (208 x 60, label R = 1, M = 0)");
  static final DataSet CREDIT = new DataSet("logreg-credit", "german_credit_numeric.csv", 25,
      l -> l.equals("1") || l.equals("2"), "2", "German credit numeric (1000 x 24, label 2 = 1, 1 = 0)");

  /** Reads a data set (bundled, or {@code file} when not blank) and preprocesses it. */
  static LogisticRegressionTarget load(DataSet set, String file) {
    DataFiles.Table t = DataFiles.read(file, set.file(), set.columns());
    int label = t.column("label");
    int n = t.rows().size();
    double[][] raw = new double[n][set.columns() - 1];
    double[] y = new double[n];
    for (int j = 0; j < n; j++) {
      String l = t.rows().get(j)[label].trim();
      if (!set.allowed().test(l)) {
        throw new ConfigException("data file " + t.source() + ", line " + (j + 2) + ": label '" + l
            + "' is not one of the labels of " + set.name());
      }
      y[j] = l.equals(set.positive()) ? 1 : 0;
      int c = 0;
      for (int i = 0; i < set.columns(); i++) {
        if (i != label) {
          raw[j][c++] = t.number(j, i);
        }
      }
    }
    return new LogisticRegressionTarget(set.name(), design(raw), y);
  }

  /** The factory of one data set's target. */
  static final class Factory implements ComponentFactory<Target> {
    private final DataSet set;

    Factory(DataSet set) {
      this.set = set;
    }

    @Override
    public String description() {
      return "Bayesian logistic regression on " + set.description()
          + "; standardised features, intercept, N(0, I) prior; log Z unknown";
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of(DATA);
    }

    @Override
    public Target create(Settings settings, ComponentContext context) {
      LogisticRegressionTarget target = load(set, settings.get(DATA));
      DataFiles.report(context, settings.get(DATA), set.file());
      return target;
    }
  }
}
