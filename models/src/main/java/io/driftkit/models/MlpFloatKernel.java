package io.driftkit.models;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernel: the whole network runs over tiles of {@value #TILE} rows, forward and backward, with the Vector
 * API. Each dense layer is a register-blocked product (4 rows x 4 vectors of outputs held in registers while the
 * inner dimension streams past), starting from the bias, then the activation applied over the tile's outputs while
 * they are in cache; the backward pass multiplies by transposed copies of the weights so it has the same shape, and
 * applies the activation's derivative the same way. A layer's weights (16 KB at 64 x 64) stay in the first-level cache while a tile streams through. Widths are
 * padded to whole vectors with zero weights, so padded units compute zeros; nothing is allocated per call.
 *
 * <p>Weight gradients are summed in float32 over {@value #FLUSH_ROWS} rows at a time, then added in float64.
 */
final class MlpFloatKernel extends MlpKernel {

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
  /**
   * Rows per tile: a 64 x 64 layer's weights and a tile's input to it (16 KB each) fit in the first-level cache
   * together; 64 rows ran the stacked 51,200-row gradient at 29% of peak against 25% with 32 rows (bench kernels).
   */
  static final int TILE = 64;
  private static final int FLUSH_ROWS = 1024;

  private static final int LINEAR = 0;
  private static final int GELU = 1;
  private static final int GELU_GRAD = 2;

  /** Padded widths: the input to a multiple of 4 (the weight-gradient kernel takes four inputs at a time), the rest
   * to whole vectors. */
  private final int[] pad;
  private final int dimPad;
  private final float gateSlope;
  /** Layer l's weights {@code [pad[l], pad[l + 1]]} and biases {@code [pad[l + 1]]}, zero where padded. */
  private final float[][] w;
  private final float[][] b;
  /** Transposes: {@code [pad[l + 1], pad[l]]}; for layer 0 only the x rows, {@code [pad[1], dimPad]}. */
  private final float[][] wt;
  private final float[][] dw;
  private final float[][] db;
  private final float[] in;
  private final float[][] act;
  private final float[][] gate;
  /** Gradient with respect to each layer's pre-activation; the last is the output gradient. */
  private final float[][] dpre;
  private final float[] out;
  private final float[] dx;
  /**
   * The bias of the backward pass's products: zeros rather than none, so the compiled kernel has no branch on it
   * (a branch first seen one way made C2 throw its code away when the backward pass took the other).
   */
  private final float[] zeros;

  MlpFloatKernel(MlpConfig config) {
    super(config);
    pad = new int[layers + 1];
    pad[0] = roundUp(inputWidth, 4);
    for (int l = 1; l <= layers; l++) {
      pad[l] = roundUp(widths[l], L);
    }
    dimPad = roundUp(dim, L);
    gateSlope = (float) slope;
    w = new float[layers][];
    b = new float[layers][];
    wt = new float[layers][];
    dw = new float[layers][];
    db = new float[layers][];
    dpre = new float[layers][];
    act = new float[layers - 1][];
    gate = new float[layers - 1][];
    for (int l = 0; l < layers; l++) {
      w[l] = new float[pad[l] * pad[l + 1]];
      dw[l] = new float[w[l].length];
      b[l] = new float[pad[l + 1]];
      db[l] = new float[pad[l + 1]];
      wt[l] = new float[pad[l + 1] * (l == 0 ? dimPad : pad[l])];
      dpre[l] = new float[TILE * pad[l + 1]];
      if (l < layers - 1) {
        act[l] = new float[TILE * pad[l + 1]];
        gate[l] = new float[TILE * pad[l + 1]];
      }
    }
    in = new float[TILE * pad[0]];
    out = new float[TILE * pad[layers]];
    dx = new float[TILE * dimPad];
    int widest = dimPad;
    for (int p : pad) {
      widest = Math.max(widest, p);
    }
    zeros = new float[widest];
  }

  private static int roundUp(int v, int m) {
    return (v + m - 1) / m * m;
  }

  @Override
  void setParameters(double[] flat) {
    for (int l = 0; l < layers; l++) {
      int fanIn = widths[l];
      int fanOut = widths[l + 1];
      int p = pad[l + 1];
      int at = offset(l);
      int tStride = l == 0 ? dimPad : pad[l];
      for (int k = 0; k < fanIn; k++) {
        for (int j = 0; j < fanOut; j++) {
          float v = (float) flat[at + k * fanOut + j];
          w[l][k * p + j] = v;
          if (l > 0 || k < dim) {
            wt[l][j * tStride + k] = v;
          }
        }
      }
      for (int j = 0; j < fanOut; j++) {
        b[l][j] = (float) flat[at + fanIn * fanOut + j];
      }
    }
  }

  @Override
  void getParameters(double[] flat) {
    for (int l = 0; l < layers; l++) {
      int fanIn = widths[l];
      int fanOut = widths[l + 1];
      int at = offset(l);
      for (int k = 0; k < fanIn; k++) {
        for (int j = 0; j < fanOut; j++) {
          flat[at + k * fanOut + j] = w[l][k * pad[l + 1] + j];
        }
      }
      for (int j = 0; j < fanOut; j++) {
        flat[at + fanIn * fanOut + j] = b[l][j];
      }
    }
  }

  @Override
  void forward(double[] x, double[] t, int n, double[] result) {
    resetTime();
    int p = pad[layers];
    for (int r0 = 0; r0 < n; r0 += TILE) {
      int m = Math.min(TILE, n - r0);
      forwardTile(x, t, r0, m);
      for (int i = 0; i < m; i++) {
        for (int c = 0; c < dim; c++) {
          result[(r0 + i) * dim + c] = out[i * p + c];
        }
      }
    }
  }

  /** Rows r0..r0+m-1 through every layer; returns the row count rounded up to the register block. */
  private int forwardTile(double[] x, double[] t, int r0, int m) {
    int rows = roundUp(m, 4);
    int stride = pad[0];
    for (int i = 0; i < m; i++) {
      inputRow(x, t, r0 + i, in, i * stride);
    }
    Arrays.fill(in, m * stride, rows * stride, 0f); // padded rows: finite, and their gradient is zero
    for (int l = 0; l < layers; l++) {
      boolean hidden = l < layers - 1;
      dense(l == 0 ? in : act[l - 1], pad[l], w[l], pad[l + 1], b[l], rows, hidden ? GELU : LINEAR,
          hidden ? act[l] : out, hidden ? gate[l] : null, null);
    }
    return rows;
  }

  @Override
  void backward(double[] x, double[] t, int n, double[] g, double[] parameterGrad, double[] inputGrad) {
    resetTime();
    Arrays.fill(parameterGrad, 0);
    clearAccumulators();
    int top = layers - 1;
    int p = pad[layers];
    for (int r0 = 0; r0 < n; r0 += TILE) {
      int m = Math.min(TILE, n - r0);
      int rows = forwardTile(x, t, r0, m);
      float[] d = dpre[top];
      for (int i = 0; i < m; i++) {
        for (int c = 0; c < dim; c++) {
          d[i * p + c] = (float) g[(r0 + i) * dim + c];
        }
      }
      Arrays.fill(d, m * p, rows * p, 0f);
      for (int l = top; l >= 0; l--) {
        accumulateWeightGradient(l, rows);
        if (l > 0) {
          dense(dpre[l], pad[l + 1], wt[l], pad[l], zeros, rows, GELU_GRAD, dpre[l - 1], act[l - 1], gate[l - 1]);
        } else if (inputGrad != null) {
          dense(dpre[0], pad[1], wt[0], dimPad, zeros, rows, LINEAR, dx, null, null);
          for (int i = 0; i < m; i++) {
            for (int c = 0; c < dim; c++) {
              inputGrad[(r0 + i) * dim + c] = dx[i * dimPad + c];
            }
          }
        }
      }
      if ((r0 + TILE) % FLUSH_ROWS == 0) {
        flush(parameterGrad);
      }
    }
    flush(parameterGrad);
  }

  private void clearAccumulators() {
    for (int l = 0; l < layers; l++) {
      Arrays.fill(dw[l], 0f);
      Arrays.fill(db[l], 0f);
    }
  }

  /** Adds the float32 partial sums into the float64 gradient and clears them. */
  private void flush(double[] parameterGrad) {
    for (int l = 0; l < layers; l++) {
      int fanIn = widths[l];
      int fanOut = widths[l + 1];
      int p = pad[l + 1];
      int at = offset(l);
      for (int k = 0; k < fanIn; k++) {
        for (int j = 0; j < fanOut; j++) {
          parameterGrad[at + k * fanOut + j] += dw[l][k * p + j];
        }
      }
      for (int j = 0; j < fanOut; j++) {
        parameterGrad[at + fanIn * fanOut + j] += db[l][j];
      }
    }
    clearAccumulators();
  }

  /**
   * {@code o = activation(A W + bias)} for {@code rows} rows: A is {@code [rows, k]} with row stride k, W
   * {@code [k, width]}, o {@code [rows, width]}. Four rows by four vectors of outputs at a time, then single
   * vectors for what remains of the width; the activation is a second pass over o while it is still in cache.
   */
  private void dense(float[] a, int k, float[] weights, int width, float[] bias, int rows, int mode, float[] o,
      float[] p, float[] q) {
    for (int i = 0; i < rows; i += 4) {
      int c = 0;
      for (; c + 4 * L <= width; c += 4 * L) {
        block4x4(a, k, weights, width, bias, i, c, o);
      }
      for (; c < width; c += L) {
        block4x1(a, k, weights, width, bias, i, c, o);
      }
    }
    if (mode == GELU) {
      gelu(o, p, rows * width);
    } else if (mode == GELU_GRAD) {
      geluGrad(o, p, q, rows * width);
    }
  }

  // The sums are stored, not handed to an activation method: a vector passed to a call C2 does not inline is boxed
  // (a heap object per vector), which allocated ~35 MB per training step and slowed G1 runs twofold.
  private static void block4x4(float[] a, int k, float[] weights, int width, float[] bias, int i, int c,
      float[] o) {
    FloatVector c00 = FloatVector.fromArray(S, bias, c);
    FloatVector c01 = FloatVector.fromArray(S, bias, c + L);
    FloatVector c02 = FloatVector.fromArray(S, bias, c + 2 * L);
    FloatVector c03 = FloatVector.fromArray(S, bias, c + 3 * L);
    FloatVector c10 = c00;
    FloatVector c11 = c01;
    FloatVector c12 = c02;
    FloatVector c13 = c03;
    FloatVector c20 = c00;
    FloatVector c21 = c01;
    FloatVector c22 = c02;
    FloatVector c23 = c03;
    FloatVector c30 = c00;
    FloatVector c31 = c01;
    FloatVector c32 = c02;
    FloatVector c33 = c03;
    int r0 = i * k;
    int r1 = r0 + k;
    int r2 = r1 + k;
    int r3 = r2 + k;
    for (int kk = 0; kk < k; kk++) {
      int wr = kk * width + c;
      FloatVector w0 = FloatVector.fromArray(S, weights, wr);
      FloatVector w1 = FloatVector.fromArray(S, weights, wr + L);
      FloatVector w2 = FloatVector.fromArray(S, weights, wr + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, weights, wr + 3 * L);
      FloatVector x = FloatVector.broadcast(S, a[r0 + kk]);
      c00 = w0.fma(x, c00);
      c01 = w1.fma(x, c01);
      c02 = w2.fma(x, c02);
      c03 = w3.fma(x, c03);
      x = FloatVector.broadcast(S, a[r1 + kk]);
      c10 = w0.fma(x, c10);
      c11 = w1.fma(x, c11);
      c12 = w2.fma(x, c12);
      c13 = w3.fma(x, c13);
      x = FloatVector.broadcast(S, a[r2 + kk]);
      c20 = w0.fma(x, c20);
      c21 = w1.fma(x, c21);
      c22 = w2.fma(x, c22);
      c23 = w3.fma(x, c23);
      x = FloatVector.broadcast(S, a[r3 + kk]);
      c30 = w0.fma(x, c30);
      c31 = w1.fma(x, c31);
      c32 = w2.fma(x, c32);
      c33 = w3.fma(x, c33);
    }
    int at = i * width + c;
    c00.intoArray(o, at);
    c01.intoArray(o, at + L);
    c02.intoArray(o, at + 2 * L);
    c03.intoArray(o, at + 3 * L);
    at += width;
    c10.intoArray(o, at);
    c11.intoArray(o, at + L);
    c12.intoArray(o, at + 2 * L);
    c13.intoArray(o, at + 3 * L);
    at += width;
    c20.intoArray(o, at);
    c21.intoArray(o, at + L);
    c22.intoArray(o, at + 2 * L);
    c23.intoArray(o, at + 3 * L);
    at += width;
    c30.intoArray(o, at);
    c31.intoArray(o, at + L);
    c32.intoArray(o, at + 2 * L);
    c33.intoArray(o, at + 3 * L);
  }

  private static void block4x1(float[] a, int k, float[] weights, int width, float[] bias, int i, int c,
      float[] o) {
    FloatVector c0 = FloatVector.fromArray(S, bias, c);
    FloatVector c1 = c0;
    FloatVector c2 = c0;
    FloatVector c3 = c0;
    int r0 = i * k;
    for (int kk = 0; kk < k; kk++) {
      FloatVector w0 = FloatVector.fromArray(S, weights, kk * width + c);
      c0 = w0.fma(FloatVector.broadcast(S, a[r0 + kk]), c0);
      c1 = w0.fma(FloatVector.broadcast(S, a[r0 + k + kk]), c1);
      c2 = w0.fma(FloatVector.broadcast(S, a[r0 + 2 * k + kk]), c2);
      c3 = w0.fma(FloatVector.broadcast(S, a[r0 + 3 * k + kk]), c3);
    }
    int at = i * width + c;
    c0.intoArray(o, at);
    c1.intoArray(o, at + width);
    c2.intoArray(o, at + 2 * width);
    c3.intoArray(o, at + 3 * width);
  }

  /** {@code o = h sigma(k h)} over the pre-activations h in o, and the gate {@code sigma(k h)} into p. */
  private void gelu(float[] o, float[] p, int n) {
    for (int at = 0; at < n; at += L) {
      FloatVector h = FloatVector.fromArray(S, o, at);
      FloatVector s = ONE.div(exp(h.mul(-gateSlope)).add(1f));
      h.mul(s).intoArray(o, at);
      s.intoArray(p, at);
    }
  }

  /**
   * {@code o = h (s + k a (1 - s))}: the incoming gradient h in o times the activation's derivative, from the kept
   * activation a = p and gate s = q.
   */
  private void geluGrad(float[] o, float[] p, float[] q, int n) {
    for (int at = 0; at < n; at += L) {
      FloatVector h = FloatVector.fromArray(S, o, at);
      FloatVector s = FloatVector.fromArray(S, q, at);
      FloatVector slopeAct = FloatVector.fromArray(S, p, at).mul(gateSlope);
      h.mul(slopeAct.fma(s.neg().add(1f), s)).intoArray(o, at);
    }
  }

  private static final float EXP_MAGIC = 12582912f; // 1.5 * 2^23: adding and subtracting it rounds to an integer
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f; // ln 2 in two parts (Cody and Waite), so k ln 2 is exact
  private static final float LN2_LO = -2.12194440e-4f;

  /**
   * e^x from exact IEEE operations only (multiply, add, fused multiply-add, min, max, bit shifts): 2^k p(r) with
   * r = x - k ln 2 and a degree-7 polynomial (Cephes' expf coefficients), within 2 ulp of Math.exp. The Vector API's
   * own EXP is not used because C2 compiles it to a different library (SVML) than the interpreter runs, so the same
   * seed gave different numbers before and after the JIT had warmed up. Arguments are clamped to [-87, 88], where
   * the sigmoid it serves is 0 or 1 to float precision anyway.
   */
  static FloatVector exp(FloatVector x) {
    FloatVector c = x.max(-87f).min(88f);
    FloatVector shifted = c.mul(LOG2E).add(EXP_MAGIC);
    FloatVector k = shifted.sub(EXP_MAGIC);
    FloatVector r = k.fma(MINUS_LN2_HI, c);
    r = k.fma(MINUS_LN2_LO, r);
    FloatVector poly = EXP_P0.fma(r, EXP_P1);
    poly = poly.fma(r, EXP_P2);
    poly = poly.fma(r, EXP_P3);
    poly = poly.fma(r, EXP_P4);
    poly = poly.fma(r, EXP_P5);
    FloatVector y = poly.mul(r).fma(r, r).add(1f);
    // The bits of k + 1.5 * 2^23 are 0x4B400000 + k, so k reaches the exponent field by integer add and shift. A
    // float-to-int convert() is not compiled to vector code by JDK 17's C2 here: its Java fallback allocated per lane
    // and took half of a training run's CPU time.
    IntVector exponent = shifted.reinterpretAsInts().add(127 - 0x4B400000).lanewise(VectorOperators.LSHL, 23);
    return y.mul(exponent.reinterpretAsFloats());
  }

  private static final FloatVector MINUS_LN2_HI = FloatVector.broadcast(S, -LN2_HI);
  private static final FloatVector MINUS_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
  private static final FloatVector EXP_P0 = FloatVector.broadcast(S, 1.9875691500E-4f);
  private static final FloatVector EXP_P1 = FloatVector.broadcast(S, 1.3981999507E-3f);
  private static final FloatVector EXP_P2 = FloatVector.broadcast(S, 8.3334519073E-3f);
  private static final FloatVector EXP_P3 = FloatVector.broadcast(S, 4.1665795894E-2f);
  private static final FloatVector EXP_P4 = FloatVector.broadcast(S, 1.6666665459E-1f);
  private static final FloatVector EXP_P5 = FloatVector.broadcast(S, 5.0000001201E-1f);

  /** {@code dW[l] += A^T D} and {@code db[l] += sum of D's rows} over a tile, four inputs by four vectors at a time. */
  private void accumulateWeightGradient(int l, int rows) {
    float[] a = l == 0 ? in : act[l - 1];
    int k = pad[l];
    int width = pad[l + 1];
    float[] d = dpre[l];
    float[] g = dw[l];
    for (int kk = 0; kk < k; kk += 4) {
      int c = 0;
      for (; c + 4 * L <= width; c += 4 * L) {
        weightBlock4x4(a, k, kk, d, width, rows, g, c);
      }
      for (; c < width; c += L) {
        weightBlock4x1(a, k, kk, d, width, rows, g, c);
      }
    }
    float[] gb = db[l];
    for (int c = 0; c < width; c += L) {
      FloatVector s = FloatVector.fromArray(S, gb, c);
      for (int i = 0; i < rows; i++) {
        s = s.add(FloatVector.fromArray(S, d, i * width + c));
      }
      s.intoArray(gb, c);
    }
  }

  private static void weightBlock4x4(float[] a, int k, int kk, float[] d, int width, int rows, float[] g, int c) {
    int g0 = kk * width + c;
    int g1 = g0 + width;
    int g2 = g1 + width;
    int g3 = g2 + width;
    FloatVector s00 = FloatVector.fromArray(S, g, g0);
    FloatVector s01 = FloatVector.fromArray(S, g, g0 + L);
    FloatVector s02 = FloatVector.fromArray(S, g, g0 + 2 * L);
    FloatVector s03 = FloatVector.fromArray(S, g, g0 + 3 * L);
    FloatVector s10 = FloatVector.fromArray(S, g, g1);
    FloatVector s11 = FloatVector.fromArray(S, g, g1 + L);
    FloatVector s12 = FloatVector.fromArray(S, g, g1 + 2 * L);
    FloatVector s13 = FloatVector.fromArray(S, g, g1 + 3 * L);
    FloatVector s20 = FloatVector.fromArray(S, g, g2);
    FloatVector s21 = FloatVector.fromArray(S, g, g2 + L);
    FloatVector s22 = FloatVector.fromArray(S, g, g2 + 2 * L);
    FloatVector s23 = FloatVector.fromArray(S, g, g2 + 3 * L);
    FloatVector s30 = FloatVector.fromArray(S, g, g3);
    FloatVector s31 = FloatVector.fromArray(S, g, g3 + L);
    FloatVector s32 = FloatVector.fromArray(S, g, g3 + 2 * L);
    FloatVector s33 = FloatVector.fromArray(S, g, g3 + 3 * L);
    for (int i = 0; i < rows; i++) {
      int dr = i * width + c;
      FloatVector d0 = FloatVector.fromArray(S, d, dr);
      FloatVector d1 = FloatVector.fromArray(S, d, dr + L);
      FloatVector d2 = FloatVector.fromArray(S, d, dr + 2 * L);
      FloatVector d3 = FloatVector.fromArray(S, d, dr + 3 * L);
      int ar = i * k + kk;
      FloatVector x = FloatVector.broadcast(S, a[ar]);
      s00 = d0.fma(x, s00);
      s01 = d1.fma(x, s01);
      s02 = d2.fma(x, s02);
      s03 = d3.fma(x, s03);
      x = FloatVector.broadcast(S, a[ar + 1]);
      s10 = d0.fma(x, s10);
      s11 = d1.fma(x, s11);
      s12 = d2.fma(x, s12);
      s13 = d3.fma(x, s13);
      x = FloatVector.broadcast(S, a[ar + 2]);
      s20 = d0.fma(x, s20);
      s21 = d1.fma(x, s21);
      s22 = d2.fma(x, s22);
      s23 = d3.fma(x, s23);
      x = FloatVector.broadcast(S, a[ar + 3]);
      s30 = d0.fma(x, s30);
      s31 = d1.fma(x, s31);
      s32 = d2.fma(x, s32);
      s33 = d3.fma(x, s33);
    }
    s00.intoArray(g, g0);
    s01.intoArray(g, g0 + L);
    s02.intoArray(g, g0 + 2 * L);
    s03.intoArray(g, g0 + 3 * L);
    s10.intoArray(g, g1);
    s11.intoArray(g, g1 + L);
    s12.intoArray(g, g1 + 2 * L);
    s13.intoArray(g, g1 + 3 * L);
    s20.intoArray(g, g2);
    s21.intoArray(g, g2 + L);
    s22.intoArray(g, g2 + 2 * L);
    s23.intoArray(g, g2 + 3 * L);
    s30.intoArray(g, g3);
    s31.intoArray(g, g3 + L);
    s32.intoArray(g, g3 + 2 * L);
    s33.intoArray(g, g3 + 3 * L);
  }

  private static void weightBlock4x1(float[] a, int k, int kk, float[] d, int width, int rows, float[] g, int c) {
    int g0 = kk * width + c;
    FloatVector s0 = FloatVector.fromArray(S, g, g0);
    FloatVector s1 = FloatVector.fromArray(S, g, g0 + width);
    FloatVector s2 = FloatVector.fromArray(S, g, g0 + 2 * width);
    FloatVector s3 = FloatVector.fromArray(S, g, g0 + 3 * width);
    for (int i = 0; i < rows; i++) {
      FloatVector d0 = FloatVector.fromArray(S, d, i * width + c);
      int ar = i * k + kk;
      s0 = d0.fma(FloatVector.broadcast(S, a[ar]), s0);
      s1 = d0.fma(FloatVector.broadcast(S, a[ar + 1]), s1);
      s2 = d0.fma(FloatVector.broadcast(S, a[ar + 2]), s2);
      s3 = d0.fma(FloatVector.broadcast(S, a[ar + 3]), s3);
    }
    s0.intoArray(g, g0);
    s1.intoArray(g, g0 + width);
    s2.intoArray(g, g0 + 2 * width);
    s3.intoArray(g, g0 + 3 * width);
  }
}
