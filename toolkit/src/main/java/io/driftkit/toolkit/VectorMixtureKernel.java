package io.driftkit.toolkit;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link IsotropicMixture}'s rows in tiles of four SIMD vectors, each lane one row. The tile is transposed so that the
 * distances to the means and the responsibility-weighted sum of the means are register-blocked FMAs over rows, four
 * components (or four coordinates) by four row vectors at a time; on AVX-512 they run near the float64 FMA peak,
 * where the scalar loop was bound by the latency of its one accumulator. Loaded only when the JVM has the Vector API
 * module; {@link ScalarMixtureKernel} is the same computation without it.
 *
 * <p>Written for C2: a vector handed to a method that is not inlined is boxed, and C2 then boxes a loop's
 * accumulators on every pass, so results are stored where they are computed; every path runs on every call, because
 * Vector API code that C2 has not compiled yet is hundreds of times slower than scalar code.
 */
final class VectorMixtureKernel implements MixtureKernel {

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int BLOCK = 4;
  /** Rows per tile: four vectors. */
  private static final int R = BLOCK * L;

  private static final MixtureKernel FEW_ROWS = new ScalarMixtureKernel();

  @Override
  public void evaluate(MixtureKernel.Diffused m, double[] x, int n, double[] out, boolean gradient) {
    if (n < R) {
      // a tile would be mostly padding
      FEW_ROWS.evaluate(m, x, n, out, gradient);
      return;
    }
    int dim = m.dim();
    int comps = m.components();
    double[] xt = new double[dim * R];
    double[] terms = new double[comps * R];
    double[] total = new double[R];
    double[] scale = new double[R];
    for (int r0 = 0; r0 < n; r0 += R) {
      int rows = Math.min(R, n - r0);
      transposeIn(x, r0, rows, dim, xt);
      distances(xt, m.scaledMeans(), dim, comps, terms);
      for (int j = 0; j < BLOCK; j++) {
        responsibilities(m, terms, j * L, gradient, total, scale);
      }
      if (gradient) {
        scores(terms, m.pulls(), dim, comps, xt, total, scale);
        transposeOut(xt, r0, rows, dim, out);
      } else {
        System.arraycopy(total, 0, out, r0, rows);
      }
    }
  }

  private static void transposeIn(double[] x, int r0, int rows, int dim, double[] xt) {
    for (int r = 0; r < rows; r++) {
      int o = (r0 + r) * dim;
      for (int i = 0; i < dim; i++) {
        xt[i * R + r] = x[o + i];
      }
    }
    for (int r = rows; r < R; r++) {
      for (int i = 0; i < dim; i++) {
        xt[i * R + r] = 0;
      }
    }
  }

  private static void transposeOut(double[] st, int r0, int rows, int dim, double[] out) {
    for (int r = 0; r < rows; r++) {
      int o = (r0 + r) * dim;
      for (int i = 0; i < dim; i++) {
        out[o + i] = st[i * R + r];
      }
    }
  }

  /** {@code d2[c * R + r] = |x_r - am_c|^2}, four components by four row vectors per pass over the coordinates. */
  private static void distances(double[] xt, double[] am, int dim, int comps, double[] d2) {
    int c = 0;
    for (; c + BLOCK <= comps; c += BLOCK) {
      DoubleVector a00 = DoubleVector.zero(S);
      DoubleVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
      for (int i = 0; i < dim; i++) {
        int b = i * R;
        DoubleVector x0 = DoubleVector.fromArray(S, xt, b);
        DoubleVector x1 = DoubleVector.fromArray(S, xt, b + L);
        DoubleVector x2 = DoubleVector.fromArray(S, xt, b + 2 * L);
        DoubleVector x3 = DoubleVector.fromArray(S, xt, b + 3 * L);
        DoubleVector m0 = DoubleVector.broadcast(S, am[c * dim + i]);
        DoubleVector m1 = DoubleVector.broadcast(S, am[(c + 1) * dim + i]);
        DoubleVector m2 = DoubleVector.broadcast(S, am[(c + 2) * dim + i]);
        DoubleVector m3 = DoubleVector.broadcast(S, am[(c + 3) * dim + i]);
        DoubleVector t;
        t = x0.sub(m0); a00 = t.fma(t, a00); t = x1.sub(m0); a01 = t.fma(t, a01);
        t = x2.sub(m0); a02 = t.fma(t, a02); t = x3.sub(m0); a03 = t.fma(t, a03);
        t = x0.sub(m1); a10 = t.fma(t, a10); t = x1.sub(m1); a11 = t.fma(t, a11);
        t = x2.sub(m1); a12 = t.fma(t, a12); t = x3.sub(m1); a13 = t.fma(t, a13);
        t = x0.sub(m2); a20 = t.fma(t, a20); t = x1.sub(m2); a21 = t.fma(t, a21);
        t = x2.sub(m2); a22 = t.fma(t, a22); t = x3.sub(m2); a23 = t.fma(t, a23);
        t = x0.sub(m3); a30 = t.fma(t, a30); t = x1.sub(m3); a31 = t.fma(t, a31);
        t = x2.sub(m3); a32 = t.fma(t, a32); t = x3.sub(m3); a33 = t.fma(t, a33);
      }
      int o = c * R;
      a00.intoArray(d2, o); a01.intoArray(d2, o + L); a02.intoArray(d2, o + 2 * L); a03.intoArray(d2, o + 3 * L);
      o += R;
      a10.intoArray(d2, o); a11.intoArray(d2, o + L); a12.intoArray(d2, o + 2 * L); a13.intoArray(d2, o + 3 * L);
      o += R;
      a20.intoArray(d2, o); a21.intoArray(d2, o + L); a22.intoArray(d2, o + 2 * L); a23.intoArray(d2, o + 3 * L);
      o += R;
      a30.intoArray(d2, o); a31.intoArray(d2, o + L); a32.intoArray(d2, o + 2 * L); a33.intoArray(d2, o + 3 * L);
    }
    for (; c < comps; c++) {
      DoubleVector a0 = DoubleVector.zero(S);
      DoubleVector a1 = a0, a2 = a0, a3 = a0;
      for (int i = 0; i < dim; i++) {
        int b = i * R;
        DoubleVector m0 = DoubleVector.broadcast(S, am[c * dim + i]);
        DoubleVector t;
        t = DoubleVector.fromArray(S, xt, b).sub(m0); a0 = t.fma(t, a0);
        t = DoubleVector.fromArray(S, xt, b + L).sub(m0); a1 = t.fma(t, a1);
        t = DoubleVector.fromArray(S, xt, b + 2 * L).sub(m0); a2 = t.fma(t, a2);
        t = DoubleVector.fromArray(S, xt, b + 3 * L).sub(m0); a3 = t.fma(t, a3);
      }
      int o = c * R;
      a0.intoArray(d2, o); a1.intoArray(d2, o + L); a2.intoArray(d2, o + 2 * L); a3.intoArray(d2, o + 3 * L);
    }
  }

  /**
   * For the row vector at lane offset {@code o}: logits from the distances, then either the log density
   * ({@code total} = max + log sum) or the unnormalised responsibilities {@code e_c} in place of the distances, with
   * {@code scale = 1 / sum_c e_c} and {@code total = scale sum_c e_c / s_c^2}.
   */
  private static void responsibilities(MixtureKernel.Diffused m, double[] terms, int o, boolean gradient,
      double[] total, double[] scale) {
    int comps = m.components();
    double[] offset = m.offsets();
    double[] inverse = m.inverses();
    DoubleVector max = DoubleVector.broadcast(S, Double.NEGATIVE_INFINITY);
    for (int c = 0; c < comps; c++) {
      int at = c * R + o;
      DoubleVector logit = DoubleVector.fromArray(S, terms, at).mul(-0.5 * inverse[c]).add(offset[c]);
      logit.intoArray(terms, at);
      max = max.max(logit);
    }
    DoubleVector sum = DoubleVector.zero(S);
    DoubleVector precision = DoubleVector.zero(S);
    for (int c = 0; c < comps; c++) {
      int at = c * R + o;
      DoubleVector z = DoubleVector.fromArray(S, terms, at).sub(max);
      // terms below exp(-50) of the largest are invisible in the sum, and would be slow subnormals further on; the
      // clamp keeps exp's argument in the range its fast path covers (far-off components are thousands below)
      VectorMask<Double> negligible = z.lt(MixtureKernel.NEGLIGIBLE);
      DoubleVector e = z.max(MixtureKernel.NEGLIGIBLE).lanewise(VectorOperators.EXP).blend(0, negligible);
      e.intoArray(terms, at);
      sum = sum.add(e);
      precision = e.fma(DoubleVector.broadcast(S, inverse[c]), precision);
    }
    if (!gradient) {
      max.add(sum.lanewise(VectorOperators.LOG)).intoArray(total, o);
      return;
    }
    DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(sum);
    inv.intoArray(scale, o);
    precision.mul(inv).intoArray(total, o);
  }

  /**
   * The score into {@code xt} (transposed, in place of the rows): {@code scale_r sum_c e_cr pull_ci - total_r x_ri},
   * four coordinates by four row vectors per pass over the components.
   */
  private static void scores(double[] e, double[] pulls, int dim, int comps, double[] xt, double[] total,
      double[] scale) {
    DoubleVector t0 = DoubleVector.fromArray(S, total, 0);
    DoubleVector t1 = DoubleVector.fromArray(S, total, L);
    DoubleVector t2 = DoubleVector.fromArray(S, total, 2 * L);
    DoubleVector t3 = DoubleVector.fromArray(S, total, 3 * L);
    DoubleVector s0 = DoubleVector.fromArray(S, scale, 0);
    DoubleVector s1 = DoubleVector.fromArray(S, scale, L);
    DoubleVector s2 = DoubleVector.fromArray(S, scale, 2 * L);
    DoubleVector s3 = DoubleVector.fromArray(S, scale, 3 * L);
    int i = 0;
    for (; i + BLOCK <= dim; i += BLOCK) {
      DoubleVector a00 = DoubleVector.zero(S);
      DoubleVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      DoubleVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
      for (int c = 0; c < comps; c++) {
        int b = c * R;
        DoubleVector u0 = DoubleVector.fromArray(S, e, b);
        DoubleVector u1 = DoubleVector.fromArray(S, e, b + L);
        DoubleVector u2 = DoubleVector.fromArray(S, e, b + 2 * L);
        DoubleVector u3 = DoubleVector.fromArray(S, e, b + 3 * L);
        int mc = c * dim + i;
        DoubleVector m0 = DoubleVector.broadcast(S, pulls[mc]);
        DoubleVector m1 = DoubleVector.broadcast(S, pulls[mc + 1]);
        DoubleVector m2 = DoubleVector.broadcast(S, pulls[mc + 2]);
        DoubleVector m3 = DoubleVector.broadcast(S, pulls[mc + 3]);
        a00 = u0.fma(m0, a00); a01 = u1.fma(m0, a01); a02 = u2.fma(m0, a02); a03 = u3.fma(m0, a03);
        a10 = u0.fma(m1, a10); a11 = u1.fma(m1, a11); a12 = u2.fma(m1, a12); a13 = u3.fma(m1, a13);
        a20 = u0.fma(m2, a20); a21 = u1.fma(m2, a21); a22 = u2.fma(m2, a22); a23 = u3.fma(m2, a23);
        a30 = u0.fma(m3, a30); a31 = u1.fma(m3, a31); a32 = u2.fma(m3, a32); a33 = u3.fma(m3, a33);
      }
      int b = i * R;
      a00.mul(s0).sub(DoubleVector.fromArray(S, xt, b).mul(t0)).intoArray(xt, b);
      a01.mul(s1).sub(DoubleVector.fromArray(S, xt, b + L).mul(t1)).intoArray(xt, b + L);
      a02.mul(s2).sub(DoubleVector.fromArray(S, xt, b + 2 * L).mul(t2)).intoArray(xt, b + 2 * L);
      a03.mul(s3).sub(DoubleVector.fromArray(S, xt, b + 3 * L).mul(t3)).intoArray(xt, b + 3 * L);
      b += R;
      a10.mul(s0).sub(DoubleVector.fromArray(S, xt, b).mul(t0)).intoArray(xt, b);
      a11.mul(s1).sub(DoubleVector.fromArray(S, xt, b + L).mul(t1)).intoArray(xt, b + L);
      a12.mul(s2).sub(DoubleVector.fromArray(S, xt, b + 2 * L).mul(t2)).intoArray(xt, b + 2 * L);
      a13.mul(s3).sub(DoubleVector.fromArray(S, xt, b + 3 * L).mul(t3)).intoArray(xt, b + 3 * L);
      b += R;
      a20.mul(s0).sub(DoubleVector.fromArray(S, xt, b).mul(t0)).intoArray(xt, b);
      a21.mul(s1).sub(DoubleVector.fromArray(S, xt, b + L).mul(t1)).intoArray(xt, b + L);
      a22.mul(s2).sub(DoubleVector.fromArray(S, xt, b + 2 * L).mul(t2)).intoArray(xt, b + 2 * L);
      a23.mul(s3).sub(DoubleVector.fromArray(S, xt, b + 3 * L).mul(t3)).intoArray(xt, b + 3 * L);
      b += R;
      a30.mul(s0).sub(DoubleVector.fromArray(S, xt, b).mul(t0)).intoArray(xt, b);
      a31.mul(s1).sub(DoubleVector.fromArray(S, xt, b + L).mul(t1)).intoArray(xt, b + L);
      a32.mul(s2).sub(DoubleVector.fromArray(S, xt, b + 2 * L).mul(t2)).intoArray(xt, b + 2 * L);
      a33.mul(s3).sub(DoubleVector.fromArray(S, xt, b + 3 * L).mul(t3)).intoArray(xt, b + 3 * L);
    }
    for (; i < dim; i++) {
      DoubleVector a0 = DoubleVector.zero(S);
      DoubleVector a1 = a0, a2 = a0, a3 = a0;
      for (int c = 0; c < comps; c++) {
        int b = c * R;
        DoubleVector m0 = DoubleVector.broadcast(S, pulls[c * dim + i]);
        a0 = DoubleVector.fromArray(S, e, b).fma(m0, a0);
        a1 = DoubleVector.fromArray(S, e, b + L).fma(m0, a1);
        a2 = DoubleVector.fromArray(S, e, b + 2 * L).fma(m0, a2);
        a3 = DoubleVector.fromArray(S, e, b + 3 * L).fma(m0, a3);
      }
      int b = i * R;
      a0.mul(s0).sub(DoubleVector.fromArray(S, xt, b).mul(t0)).intoArray(xt, b);
      a1.mul(s1).sub(DoubleVector.fromArray(S, xt, b + L).mul(t1)).intoArray(xt, b + L);
      a2.mul(s2).sub(DoubleVector.fromArray(S, xt, b + 2 * L).mul(t2)).intoArray(xt, b + 2 * L);
      a3.mul(s3).sub(DoubleVector.fromArray(S, xt, b + 3 * L).mul(t3)).intoArray(xt, b + 3 * L);
    }
  }
}
