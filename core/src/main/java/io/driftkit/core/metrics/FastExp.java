package io.driftkit.core.metrics;

/**
 * exp(x) for x &lt;= 0 in plain arithmetic that HotSpot's C2 compiles to SIMD instructions when it sits in a simple
 * array loop: {@code exp(x) = p(x / 1024)^1024} with p the degree-13 Taylor polynomial and ten squarings.
 * {@link Math#exp} is an intrinsic call that loops never vectorise; on this project's 2-core AVX-512 machine this form
 * costs about 1.5 ns per value in a loop against 8.5 ns. The relative error is below 1e-12 for x in [-5, 0] and
 * below 1e-10 down to -690 (the ten squarings multiply the polynomial's rounding error by up to 1024); arguments
 * below -700 are clamped there, giving about 1e-304 instead of a smaller number or 0. The kernel sums and soft-min
 * sweeps that use it add terms at most 1, so errors of that size never reach the reported digits.
 *
 * <p>C2 (JDK 17) vectorises a loop only when every array it writes is indexed like every array it reads: an
 * offset row {@code cost[off + l]} read beside a write {@code out[l]} keeps the loop scalar (it cannot rule out
 * aliasing). The callers therefore copy offset rows into a scratch row first.
 */
final class FastExp {

  private FastExp() {}

  /** exp(x) for x &lt;= 0 (x &gt; 0 is not supported: the polynomial is fitted on [-0.7, 0]). */
  static double expNonPositive(double x) {
    double y = Math.max(x, -700.0) * (1.0 / 1024);
    double p = 1.0 / 6227020800.0;
    p = p * y + 1.0 / 479001600.0;
    p = p * y + 1.0 / 39916800.0;
    p = p * y + 1.0 / 3628800.0;
    p = p * y + 1.0 / 362880.0;
    p = p * y + 1.0 / 40320.0;
    p = p * y + 1.0 / 5040.0;
    p = p * y + 1.0 / 720.0;
    p = p * y + 1.0 / 120.0;
    p = p * y + 1.0 / 24.0;
    p = p * y + 1.0 / 6.0;
    p = p * y + 0.5;
    p = p * y + 1.0;
    p = p * y + 1.0;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    p *= p;
    return p;
  }

  /** {@code sum_l v[l]} with four independent accumulators (a latency-bound single sum is four times slower). */
  static double sum(double[] v, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int l = 0;
    for (; l + 3 < n; l += 4) {
      s0 += v[l];
      s1 += v[l + 1];
      s2 += v[l + 2];
      s3 += v[l + 3];
    }
    for (; l < n; l++) {
      s0 += v[l];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
