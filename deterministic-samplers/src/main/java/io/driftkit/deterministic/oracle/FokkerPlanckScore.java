package io.driftkit.deterministic.oracle;

import io.driftkit.api.DriftModel;
import io.driftkit.api.ForwardProcess;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.GaussianMixture;
import io.driftkit.toolkit.Rows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact score of independent coordinates pushed through any forward process with additive noise that acts on each
 * coordinate alone: per coordinate, the 1-D Fokker–Planck equation solved from the data's marginal
 * ({@link FokkerPlanck1D}); coordinates with the same marginal and drift share one solution. Sees the process only
 * through its SPI: the drift on a batch, the diffusion, the horizon, and the prior's density (to size the grid).
 */
public final class FokkerPlanckScore implements DriftModel {

  /** Far enough into the tails that the prior's density there is e^-40 of its value at 0. */
  private static final double TAIL_NATS = 40;
  /** Data components are covered to this many standard deviations. */
  private static final double DATA_SDS = 12;

  private final int dim;
  private final FokkerPlanck1D[] solvers;

  /** The grid resolution: nodes of the stored grid, stored times, SDIRK substeps between them. */
  public record Resolution(int points, int timePoints, int substeps) {}

  public FokkerPlanckScore(ForwardProcess forward, ProductMixture data, Resolution resolution) {
    this.dim = data.dim();
    requireSeparable(forward, dim);
    this.solvers = new FokkerPlanck1D[dim];
    Map<List<Object>, FokkerPlanck1D> shared = new HashMap<>();
    for (int i = 0; i < dim; i++) {
      GaussianMixture marginal = data.marginal(i);
      double[] probe = driftProfile(forward, dim, i, new double[] {-3, -1, -0.2, 0.5, 2, 7},
          0.3 * forward.horizon());
      List<Object> key = List.of(describe(marginal), java.util.Arrays.toString(probe));
      int coordinate = i;
      solvers[i] = shared.computeIfAbsent(key, k -> solve(forward, dim, coordinate, marginal, resolution));
    }
  }

  private static String describe(GaussianMixture m) {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < m.components(); c++) {
      s.append(m.weight(c)).append(':').append(m.mean(c)[0]).append(':').append(m.covariance(c)[0][0]).append(';');
    }
    return s.toString();
  }

  private static FokkerPlanck1D solve(ForwardProcess forward, int dim, int coordinate, GaussianMixture data,
      Resolution resolution) {
    double narrowest = Double.POSITIVE_INFINITY;
    double extent = 0;
    for (int c = 0; c < data.components(); c++) {
      double sd = Math.sqrt(data.covariance(c)[0][0]);
      narrowest = Math.min(narrowest, sd);
      extent = Math.max(extent, Math.abs(data.mean(c)[0]) + DATA_SDS * sd);
    }
    double width = Math.max(extent, priorExtent(forward, dim, coordinate));
    return new FokkerPlanck1D((x, t, out) -> {
      double[] f = driftProfile(forward, dim, coordinate, x, t);
      System.arraycopy(f, 0, out, 0, out.length);
    }, forward::diffusion, xs -> {
      double[] lp = Rows.values(data.logDensity(Rows.matrix(xs, xs.length, 1)));
      for (int i = 0; i < lp.length; i++) {
        lp[i] = Math.exp(lp[i]);
      }
      return lp;
    }, forward.horizon(), narrowest, width, resolution.points(), resolution.timePoints(), resolution.substeps());
  }

  /** Coordinate i of the drift at rows whose every coordinate equals x (the drift acts on coordinates alone). */
  private static double[] driftProfile(ForwardProcess forward, int d, int coordinate, double[] x, double t) {
    double[] rows = new double[x.length * d];
    for (int r = 0; r < x.length; r++) {
      java.util.Arrays.fill(rows, r * d, (r + 1) * d, x[r]);
    }
    double[] f = Rows.values(forward.drift(Rows.matrix(rows, x.length, d), t));
    double[] out = new double[x.length];
    for (int r = 0; r < x.length; r++) {
      out[r] = f[r * d + coordinate];
    }
    return out;
  }

  /** Where the prior's log density along coordinate i has fallen by {@link #TAIL_NATS} (both sides, doubling). */
  private static double priorExtent(ForwardProcess forward, int d, int coordinate) {
    var prior = forward.prior(d);
    double at0 = prior.logDensity(Rows.matrix(new double[d], 1, d)).getDouble(0);
    double extent = 0;
    for (int sign : new int[] {-1, 1}) {
      double v = 1;
      while (true) {
        double[] row = new double[d];
        row[coordinate] = sign * v;
        double lp = prior.logDensity(Rows.matrix(row, 1, d)).getDouble(0);
        if (at0 - lp > TAIL_NATS) {
          break;
        }
        v *= 2;
        if (v > 1e8) {
          throw new ConfigException("model 'oracle-fp-score': the forward process's prior has no usable tails"
              + " (its log density does not fall by " + TAIL_NATS + " nats within 1e8)");
        }
      }
      extent = Math.max(extent, v);
    }
    return extent;
  }

  /** Fails unless coordinate i of the drift depends on x_i alone (checked at random points). */
  private static void requireSeparable(ForwardProcess forward, int d) {
    if (d == 1) {
      return;
    }
    RandomSource random = new RandomSource(17);
    for (double t : new double[] {0.1 * forward.horizon(), 0.7 * forward.horizon()}) {
      INDArray a = random.normal(8, d).muli(3);
      INDArray b = random.normal(8, d).muli(3);
      double[] av = Rows.values(a);
      double[] bv = Rows.values(b);
      double[] fa = Rows.values(forward.drift(a, t));
      for (int i = 0; i < d; i++) {
        double[] mixed = bv.clone();
        for (int r = 0; r < 8; r++) {
          mixed[r * d + i] = av[r * d + i];
        }
        double[] fm = Rows.values(forward.drift(Rows.matrix(mixed, 8, d), t));
        for (int r = 0; r < 8; r++) {
          double scale = 1 + Math.abs(fa[r * d + i]);
          if (Math.abs(fm[r * d + i] - fa[r * d + i]) > 1e-12 * scale) {
            throw new ConfigException("model 'oracle-fp-score' solves the Fokker-Planck equation one coordinate at a"
                + " time, but coordinate " + i + " of this forward process's drift depends on the other coordinates");
          }
        }
      }
    }
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray evaluate(INDArray x, double t) {
    int n = Math.toIntExact(x.size(0));
    double[] v = Rows.values(x);
    double[] out = new double[v.length];
    double[] column = new double[n];
    double[] score = new double[n];
    for (int i = 0; i < dim; i++) {
      for (int r = 0; r < n; r++) {
        column[r] = v[r * dim + i];
      }
      solvers[i].score(column, t, score);
      for (int r = 0; r < n; r++) {
        out[r * dim + i] = score[r];
      }
    }
    return Rows.matrix(out, n, dim);
  }

  @Override
  public INDArray evaluate(INDArray x, INDArray t) {
    int n = Math.toIntExact(x.size(0));
    double[] times = Rows.values(t);
    double[] v = Rows.values(x);
    double[] out = new double[v.length];
    double[] one = new double[1];
    double[] score = new double[1];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < dim; i++) {
        one[0] = v[r * dim + i];
        solvers[i].score(one, times[r], score);
        out[r * dim + i] = score[0];
      }
    }
    return Rows.matrix(out, n, dim);
  }

  /** The solvers, one per coordinate (shared where coordinates agree). */
  List<FokkerPlanck1D> solvers() {
    return new ArrayList<>(List.of(solvers));
  }

  /** The exact score, whatever a method would like to read. */
  @Override
  public java.util.Optional<io.driftkit.api.Prediction> fixedPrediction() {
    return java.util.Optional.of(io.driftkit.api.Prediction.SCORE);
  }
}
