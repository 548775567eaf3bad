package io.driftkit.targets;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Made the shipped means of {@code gmm-40} once; kept so the file can be reproduced, never run by the build:
 * {@code java targets/src/test/java/io/driftkit/targets/Gmm40MeansGenerator.java >
 * targets/src/main/resources/io/driftkit/targets/data/gmm40_means.csv}.
 * 40 rows of 50 values, each uniform on [-40, 40] from {@code SplittableRandom(40)} drawn row by row.
 */
public final class Gmm40MeansGenerator {

  private Gmm40MeansGenerator() {}

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(40);
    StringBuilder header = new StringBuilder();
    for (int j = 0; j < 50; j++) {
      header.append(j == 0 ? "" : ",").append("mu").append(j);
    }
    System.out.println(header);
    for (int k = 0; k < 40; k++) {
      StringBuilder row = new StringBuilder();
      for (int j = 0; j < 50; j++) {
        row.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", -40 + 80 * random.nextDouble()));
      }
      System.out.println(row);
    }
  }
}
