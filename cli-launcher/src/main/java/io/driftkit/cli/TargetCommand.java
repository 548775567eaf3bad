package io.driftkit.cli;

import io.driftkit.api.PlotBox;
import io.driftkit.api.RandomSource;
import io.driftkit.api.Target;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import io.driftkit.core.run.RunAssembler;
import io.driftkit.core.run.RunDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import io.driftkit.core.plot.DensityPlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code driftkit target info|eval|sample|plot NAME}: look at one target without running a sampler. */
@Command(name = "target", description = "Inspect a target: info, eval, sample, plot.",
    subcommands = {TargetCommand.Info.class, TargetCommand.Eval.class, TargetCommand.Sample.class,
        TargetCommand.Plot.class})
final class TargetCommand implements Runnable {

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The target name and its {@code --set target.KEY=VALUE} overrides, shared by every subcommand. */
  abstract static class TargetOptions {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "the target's registered name, e.g. funnel")
    String name;

    @Option(names = "--set", paramLabel = "target.KEY=VALUE", description = "a target setting (repeatable)")
    List<String> sets = new ArrayList<>();

    Target build(long seed) {
      Map<String, String> given = new LinkedHashMap<>();
      for (String s : sets) {
        int eq = s.indexOf('=');
        if (eq < 0 || !s.startsWith("target.")) {
          throw new ConfigException("--set '" + s + "': expected target.KEY=VALUE");
        }
        given.put(s.substring("target.".length(), eq).trim(), s.substring(eq + 1));
      }
      return new RunAssembler(DriftkitCommand.plugins(spec)).target(name, given, seed);
    }

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  /** {@code info}: dimension, log Z and what else the target offers, one key=value a line. */
  @Command(name = "info", description = "Print dim, log_z (or unknown) and the target's capabilities.")
  static final class Info extends TargetOptions implements Callable<Integer> {
    @Override
    public Integer call() {
      Target t = build(1);
      PrintWriter out = out();
      out.println("dim=" + t.dim());
      out.println("log_z=" + (t.logNormalizer().isPresent() ? fmt(t.logNormalizer().getAsDouble()) : "unknown"));
      out.println("exact_sampler=" + t.hasExactSampler());
      out.println("mixture_components=" + t.mixture().map(m -> String.valueOf(m.components())).orElse("none"));
      PlotBox b = t.plotBox();
      out.println("plot_box=" + fmt(b.xMin()) + "," + fmt(b.xMax()) + "," + fmt(b.yMin()) + "," + fmt(b.yMax()));
      out.flush();
      return 0;
    }
  }

  /** {@code eval}: log density and gradient at the points of a CSV file. */
  @Command(name = "eval", description = "Print log_density,grad0,... for each point of a CSV (header x0,...).")
  static final class Eval extends TargetOptions implements Callable<Integer> {
    @Option(names = "--points", required = true, paramLabel = "FILE.csv", description = "points, header x0,x1,...")
    Path points;

    @Override
    public Integer call() {
      Target t = build(1);
      if (!t.hasLogDensity()) {
        throw new ConfigException("target " + t + " is data-only: it has exact samples but no density to evaluate");
      }
      INDArray x = readPoints(points, t.dim(), name);
      double[] logp = Rows.values(t.logDensity(x));
      // a target without a gradient (checkerboard) prints the log density alone
      int gradColumns = t.hasGradient() ? t.dim() : 0;
      double[] grad = gradColumns > 0 ? Rows.values(t.gradLogDensity(x)) : new double[0];
      PrintWriter out = out();
      StringBuilder header = new StringBuilder("log_density");
      for (int i = 0; i < gradColumns; i++) {
        header.append(",grad").append(i);
      }
      out.println(header);
      for (int r = 0; r < logp.length; r++) {
        StringBuilder row = new StringBuilder(fmt(logp[r]));
        for (int i = 0; i < gradColumns; i++) {
          row.append(',').append(fmt(grad[r * t.dim() + i]));
        }
        out.println(row);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code sample}: exact samples to a CSV file. */
  @Command(name = "sample", description = "Write exact samples (header x0,...) to a CSV file.")
  static final class Sample extends TargetOptions implements Callable<Integer> {
    @Option(names = "-n", required = true, description = "number of samples")
    int n;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv")
    Path file;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
      if (n < 1) {
        throw new ConfigException("-n must be at least 1, got " + n);
      }
      Target t = build(seed);
      INDArray s = exactSamples(t, name, n, seed);
      directoryOf(file).writeSamples(file.getFileName().toString(), s);
      out().println("wrote " + n + " samples to " + file);
      out().flush();
      return 0;
    }
  }

  /** {@code plot}: the density (2-D) or pairwise marginals of exact samples (higher dimensions) as PNG. */
  @Command(name = "plot", description = "Draw the density (d = 2) or pairwise scatter plots of exact samples of "
      + "the first coordinates (d > 2) to a PNG file.")
  static final class Plot extends TargetOptions implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE.png")
    Path file;

    @Option(names = "-n", defaultValue = "2000", description = "samples for d > 2 (default ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--coordinates", defaultValue = "4",
        description = "how many leading coordinates to pair up for d > 2 (default ${DEFAULT-VALUE})")
    int coordinates;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Override
    public Integer call() throws IOException {
      Target t = build(seed);
      // a data-only 2-D target is drawn from its samples
      if (t.dim() == 2 && t.hasLogDensity()) {
        directoryOf(file).write(file.getFileName().toString(), out -> DensityPlot.write(out, name + ": density",
            t.plotBox(), (points, m) -> Rows.values(t.logDensity(Rows.matrix(points, m, 2)))));
      } else {
        // a data-only 2-D target, and any d > 2, is drawn from its samples
        BufferedImage image = pairs(t, exactSamples(t, name, n, seed), Math.max(2, Math.min(coordinates, t.dim())));
        directoryOf(file).write(file.getFileName().toString(), out -> ImageIO.write(image, "png", out));
      }
      out().println("wrote " + file);
      out().flush();
      return 0;
    }
  }

  /**
   * A k x k grid: coordinate pairs as scatter plots off the diagonal (x_b across, x_a up), each coordinate's
   * histogram on it; every panel shows its central 99 % range, whose ends are written along the outer edges.
   */
  static BufferedImage pairs(Target t, INDArray samples, int k) {
    int cell = 200;
    int d = t.dim();
    double[] v = Rows.values(samples);
    int n = (int) samples.size(0);
    double[] lo = new double[k];
    double[] hi = new double[k];
    for (int c = 0; c < k; c++) {
      double[] col = new double[n];
      for (int r = 0; r < n; r++) {
        col[r] = v[r * d + c];
      }
      java.util.Arrays.sort(col);
      lo[c] = col[(int) (0.005 * (n - 1))];
      hi[c] = col[(int) (0.995 * (n - 1))];
      if (!(hi[c] > lo[c])) {
        hi[c] = lo[c] + 1;
      }
    }
    BufferedImage image = new BufferedImage(k * cell, k * cell, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, k * cell, k * cell);
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(b * cell, a * cell, cell - 1, cell - 1);
        if (a == b) {
          histogram(g, v, d, n, b, lo[b], hi[b], b * cell, a * cell, cell);
        } else {
          g.setColor(new Color(200, 40, 40, 90));
          for (int r = 0; r < n; r++) {
            double x = (v[r * d + b] - lo[b]) / (hi[b] - lo[b]);
            double y = (v[r * d + a] - lo[a]) / (hi[a] - lo[a]);
            if (x >= 0 && x <= 1 && y >= 0 && y <= 1) {
              g.fillOval(b * cell + (int) (x * (cell - 4)), a * cell + (int) ((1 - y) * (cell - 4)), 3, 3);
            }
          }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(a == b ? "x" + b : "x" + b + " across, x" + a + " up", b * cell + 4, a * cell + 14);
        if (a == k - 1) {
          g.drawString(String.format(java.util.Locale.ROOT, "%.3g", lo[b]), b * cell + 3, (a + 1) * cell - 4);
          String right = String.format(java.util.Locale.ROOT, "%.3g", hi[b]);
          g.drawString(right, (b + 1) * cell - 4 - g.getFontMetrics().stringWidth(right), (a + 1) * cell - 4);
        }
        if (b == 0 && a != k - 1 && a != b) {
          g.drawString(String.format(java.util.Locale.ROOT, "%.3g", hi[a]), 3, a * cell + 28);
          g.drawString(String.format(java.util.Locale.ROOT, "%.3g", lo[a]), 3, (a + 1) * cell - 4);
        }
      }
    }
    g.dispose();
    return image;
  }

  private static void histogram(Graphics2D g, double[] v, int d, int n, int c, double lo, double hi, int left,
      int top, int cell) {
    int bins = 30;
    int[] counts = new int[bins];
    int most = 1;
    for (int r = 0; r < n; r++) {
      double x = (v[r * d + c] - lo) / (hi - lo);
      if (x >= 0 && x <= 1) {
        int i = Math.min(bins - 1, (int) (x * bins));
        most = Math.max(most, ++counts[i]);
      }
    }
    g.setColor(new Color(70, 90, 170));
    double width = (cell - 4) / (double) bins;
    for (int i = 0; i < bins; i++) {
      int h = (int) Math.round((cell - 24) * counts[i] / (double) most);
      g.fillRect(left + 2 + (int) (i * width), top + cell - 2 - h, Math.max(1, (int) width - 1), h);
    }
  }

  static INDArray exactSamples(Target t, String name, int n, long seed) {
    if (!t.hasExactSampler()) {
      throw new ConfigException("target '" + name + "' has no exact sampler (exact samples exist for gaussian, "
          + "the mixtures, funnel, many-well, double-well and rosenbrock)");
    }
    return t.sample(n, new RandomSource(seed).split("target-samples"));
  }

  /**
   * Reads points from a CSV with header {@code x0,...,x(d-1)}.
   *
   * @throws ConfigException for a missing file, a wrong column count or a non-numeric cell, naming line and column
   */
  static INDArray readPoints(Path file, int dim, String name) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("points file '" + file + "' not found");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (lines.isEmpty()) {
      throw new ConfigException("points file '" + file + "' is empty (expected the header " + header(dim) + ")");
    }
    String[] head = lines.get(0).trim().split(",");
    if (head.length == dim + 1 && head[dim].trim().equals("log_w")) {
      throw new ConfigException("points file '" + file + "' is a weighted sample (its last column is log_w); give the"
          + " run's samples_resampled.csv, or drop the log_w column");
    }
    // a file without the header would lose its first point silently; other names mean another format
    if (head.length == dim && !String.join(",", head).replace(" ", "").equals(header(dim))) {
      throw new ConfigException("points file '" + file + "' has the header '" + lines.get(0).trim() + "'; expected "
          + header(dim) + " (one column per coordinate)");
    }
    if (head.length != dim) {
      throw new ConfigException("points file '" + file + "' has " + head.length + " columns but target '" + name
          + "' has dimension " + dim + " (expected the header " + header(dim) + ")");
    }
    List<double[]> rows = new ArrayList<>();
    for (int l = 1; l < lines.size(); l++) {
      String line = lines.get(l);
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.trim().split(",", -1);
      if (cells.length != dim) {
        throw new ConfigException("points file '" + file + "', line " + (l + 1) + ": " + cells.length
            + " values, expected " + dim);
      }
      double[] row = new double[dim];
      for (int i = 0; i < dim; i++) {
        try {
          row[i] = Double.parseDouble(cells[i].trim());
        } catch (NumberFormatException e) {
          throw new ConfigException("points file '" + file + "', line " + (l + 1) + ", column " + head[i].trim()
              + ": '" + cells[i].trim() + "' is not a number");
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new ConfigException("points file '" + file + "' has no points");
    }
    double[] flat = new double[rows.size() * dim];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, flat, r * dim, dim);
    }
    return Rows.matrix(flat, rows.size(), dim);
  }

  private static String header(int dim) {
    StringBuilder h = new StringBuilder();
    for (int i = 0; i < dim; i++) {
      h.append(i == 0 ? "" : ",").append('x').append(i);
    }
    return h.toString();
  }

  /** The folder of an output file, written through a temporary file and a rename like a run's files. */
  private static RunDirectory directoryOf(Path file) {
    return RunDirectory.open(file.toAbsolutePath().getParent());
  }

  /** Full precision, so values read back are the same doubles. */
  static String fmt(double v) {
    return Double.toString(v);
  }

}
