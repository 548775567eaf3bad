package io.driftkit.interpolants.loss;

import io.driftkit.api.Interpolant;
import io.driftkit.api.InterpolantSupport;
import io.driftkit.api.RandomSource;
import io.driftkit.interpolants.field.Noise;
import io.driftkit.toolkit.Rows;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of interpolant points and the regression targets of every field: with t drawn on
 * {@code [tMin, 1 - tMin]} ({@link TimeSampling}), the deterministic part m (a x0 + b x1, or b x1 for a one-sided interpolant) and the
 * Gaussian part e (gamma z, or a x0 + gamma z), {@code x_t = m + e}; the velocity target is
 * {@code a' x0 + b' x1 + gamma' z}, the v target {@code a' x0 + b' x1}, the noise {@code e / sigma}. Antithetic
 * draws add {@code x_t = m - e} with every Gaussian term negated, which cancels the 1/gamma (score) and gamma'
 * (velocity) terms that blow up at the ends.
 */
final class InterpolantDraw {

  final int rows;
  final int d;
  final double[] t;
  final double[] sigma;
  final double[] x;
  final double[] velocity;
  final double[] v;
  final double[] noise;

  private InterpolantDraw(int rows, int d) {
    this.rows = rows;
    this.d = d;
    this.t = new double[rows];
    this.sigma = new double[rows];
    this.x = new double[rows * d];
    this.velocity = new double[rows * d];
    this.v = new double[rows * d];
    this.noise = new double[rows * d];
  }

  static InterpolantDraw draw(InterpolantSupport support, int n, boolean antithetic, TimeSampling sampling,
      RandomSource random) {
    Interpolant ip = support.interpolant();
    double lo = support.tMin();
    double[] times = new double[n];
    for (int i = 0; i < n; i++) {
      times[i] = sampling.time(random.nextDouble(), lo);
    }
    INDArray[] ends = support.endpoints(n, random);
    int d = Math.toIntExact(ends[1].size(1));
    double[] x0 = Rows.values(ends[0]);
    double[] x1 = Rows.values(ends[1]);
    double[] z = Rows.values(random.normal(n, d));
    boolean gaussian = ip.base() == Interpolant.Base.GAUSSIAN;
    InterpolantDraw out = new InterpolantDraw(antithetic ? 2 * n : n, d);
    for (int i = 0; i < n; i++) {
      double ti = times[i];
      double a = ip.a(ti);
      double b = ip.b(ti);
      double ad = ip.aDot(ti);
      double bd = ip.bDot(ti);
      double g = ip.gamma(ti);
      double gd = g > 0 ? ip.gammaGammaDot(ti) / g : 0;
      double s = Noise.of(ip, ti).sigma();
      for (int sign = 0; sign < (antithetic ? 2 : 1); sign++) {
        int r = i + sign * n;
        double pm = sign == 0 ? 1 : -1;
        out.t[r] = ti;
        out.sigma[r] = s;
        for (int j = 0; j < d; j++) {
          int k = i * d + j;
          double m = b * x1[k] + (gaussian ? 0 : a * x0[k]);
          double dm = bd * x1[k] + (gaussian ? 0 : ad * x0[k]);
          double e = g * z[k] + (gaussian ? a * x0[k] : 0);
          double de = gd * z[k] + (gaussian ? ad * x0[k] : 0);
          double dv = gaussian ? ad * x0[k] : 0;
          int o = r * d + j;
          out.x[o] = m + pm * e;
          out.velocity[o] = dm + pm * de;
          out.v[o] = dm + pm * dv;
          out.noise[o] = s > 0 ? pm * e / s : pm * z[k];
        }
      }
    }
    return out;
  }
}
