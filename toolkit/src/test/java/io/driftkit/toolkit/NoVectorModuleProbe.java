package io.driftkit.toolkit;

/** Run in a JVM without {@code --add-modules jdk.incubator.vector}: prints the kernel chosen and a few scores. */
public final class NoVectorModuleProbe {

  private NoVectorModuleProbe() {}

  public static void main(String[] args) {
    System.out.println(MixtureKernel.best().getClass().getSimpleName());
    for (double s : score(MixtureKernel.best())) {
      System.out.println(s);
    }
  }

  static final GaussianMixture MIXTURE = GaussianMixture.isotropic(new double[] {1, 3},
      new double[][] {{0, 1, 2}, {-1, 0.5, 3}}, new double[] {0.5, 2});
  static final double[] ROWS = {0.3, -0.2, 1.1, 4, 2, -1};
  static final double ALPHA = 0.8;
  static final double SIGMA = 0.4;

  /** The score of a small 3-d, 2-component mixture, diffused with ALPHA and SIGMA, at two rows, with the kernel. */
  static double[] score(MixtureKernel kernel) {
    double[] out = new double[6];
    IsotropicMixture.of(MIXTURE, kernel).orElseThrow().score(ROWS, 2, ALPHA, SIGMA, out);
    return out;
  }
}
