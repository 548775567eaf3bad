package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetCommandTest extends CommandLineHarness {

  @TempDir
  Path dir;

  @Test
  void infoPrintsDimensionAndLogZ() {
    assertThat(driftkit("target", "info", "gmm-grid")).as(err).isZero();
    assertThat(out.lines()).contains("dim=2", "log_z=0.0", "exact_sampler=true", "mixture_components=9");
    assertThat(driftkit("target", "info", "many-well", "--set", "target.dim=4")).as(err).isZero();
    // two pairs of the published 164.6957 / 16 per pair
    double logZ = Double.parseDouble(out.lines().filter(l -> l.startsWith("log_z=")).findFirst().orElseThrow()
        .substring(6));
    assertThat(logZ).isCloseTo(164.6957 / 8, within(1e-5));
    assertThat(driftkit("target", "info", "logreg-sonar")).as(err).isZero();
    assertThat(out.lines()).contains("dim=61", "log_z=unknown");
  }

  @Test
  void badNamesAndSettingsAreUsageErrors() {
    assertThat(driftkit("target", "info", "funel")).isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("unknown target 'funel'", "funnel");
    assertThat(driftkit("target", "info", "double-well", "--set", "target.delta=-1"))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("target.delta", "-1");
    assertThat(driftkit("target", "info", "double-well", "--set", "delta=1")).isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("target.KEY=VALUE");
  }

  @Test
  void evalPrintsLogDensityAndGradientPerPoint() throws Exception {
    Path points = dir.resolve("p.csv");
    Files.writeString(points, "x0,x1\n0.3,0.7\n-1,2\n");
    assertThat(driftkit("target", "eval", "gaussian", "--points", points.toString())).as(err).isZero();
    List<String> lines = out.lines().toList();
    assertThat(lines.get(0)).isEqualTo("log_density,grad0,grad1");
    assertThat(lines).hasSize(3);
    // standard normal, unnormalised: -|x|^2 / 2 and -x
    String[] row = lines.get(2).split(",");
    assertThat(Double.parseDouble(row[0])).isCloseTo(-2.5, within(1e-12));
    assertThat(Double.parseDouble(row[1])).isCloseTo(1, within(1e-12));
    assertThat(Double.parseDouble(row[2])).isCloseTo(-2, within(1e-12));
  }

  @Test
  void evalRejectsBadFiles() throws Exception {
    Path wide = dir.resolve("wide.csv");
    Files.writeString(wide, "x0,x1,x2\n1,2,3\n");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", wide.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("3 columns", "dimension 2");
    Path text = dir.resolve("text.csv");
    Files.writeString(text, "x0,x1\n1,2\n3,abc\n");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", text.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("line 3", "x1", "'abc'");
    Path ragged = dir.resolve("ragged.csv");
    Files.writeString(ragged, "x0,x1\n1\n");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", ragged.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("line 2", "1 values, expected 2");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", dir.resolve("none.csv").toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("not found");
    // without a header the first point would be lost; a weighted sample needs its weights
    Path headless = dir.resolve("headless.csv");
    Files.writeString(headless, "0.5,1\n1,2\n");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", headless.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("header '0.5,1'", "expected x0,x1");
    Path weighted = dir.resolve("weighted.csv");
    Files.writeString(weighted, "x0,x1,log_w\n1,2,-0.5\n");
    assertThat(driftkit("target", "eval", "gmm-grid", "--points", weighted.toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("weighted sample", "samples_resampled.csv");
  }

  @Test
  void sampleWritesExactSamplesOrFailsClearly() throws Exception {
    Path file = dir.resolve("s.csv");
    assertThat(driftkit("target", "sample", "funnel", "-n", "50", "--out", file.toString(), "--seed", "3"))
        .as(err).isZero();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(51);
    assertThat(lines.get(0)).isEqualTo("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9");
    assertThat(lines.get(1).split(",")).hasSize(10);
    Path again = dir.resolve("again.csv");
    driftkit("target", "sample", "funnel", "-n", "50", "--out", again.toString(), "--seed", "3");
    assertThat(Files.readAllLines(again)).isEqualTo(lines);
    assertThat(driftkit("target", "sample", "logreg-sonar", "-n", "5", "--out", dir.resolve("x.csv").toString()))
        .isEqualTo(DriftkitCommand.EXIT_USAGE);
    assertThat(err).contains("'logreg-sonar' has no exact sampler");
  }

  @Test
  void plotDrawsDensityOrPairs() throws Exception {
    Path grid = dir.resolve("grid.png");
    assertThat(driftkit("target", "plot", "gmm-grid", "--out", grid.toString())).as(err).isZero();
    // the column through x0 = 0, the middle of the 400-pixel density area (60 px of axis to its left, 40 above),
    // crosses three modes: three dark runs separated by white
    java.awt.image.BufferedImage image = ImageIO.read(grid.toFile());
    int darkRuns = 0;
    boolean dark = false;
    boolean white = false;
    for (int y = 40; y < 440; y++) {
      int red = new java.awt.Color(image.getRGB(60 + 200, y)).getRed();
      if (red < 20 && !dark) {
        darkRuns++;
      }
      dark = red < 20;
      white |= red > 250;
    }
    assertThat(darkRuns).isEqualTo(3);
    assertThat(white).isTrue();
    Path wells = dir.resolve("wells.png");
    assertThat(driftkit("target", "plot", "many-well", "--out", wells.toString(), "-n", "300")).as(err).isZero();
    assertThat(ImageIO.read(wells.toFile()).getWidth()).isEqualTo(800);
  }
}
