package io.driftkit.core.plot;

import io.driftkit.core.train.TrainHistory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** Writes the training loss (raw and a running mean) as a PNG. */
public final class LossCurvePlot {

  private LossCurvePlot() {}

  /** Writes {@code file} (a .png path) from the history. */
  public static void write(TrainHistory history, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      write(history, out);
    }
  }

  /** Writes the PNG to {@code out} under the title "training loss". */
  public static void write(TrainHistory history, OutputStream out) throws IOException {
    write(history, out, "training loss");
  }

  /** Writes the PNG to {@code out}; the window of the running mean is about 1 % of the steps. */
  public static void write(TrainHistory history, OutputStream out, String title) throws IOException {
    int n = history.steps();
    double[] x = new double[n];
    double[] smooth = new double[n];
    int window = Math.max(1, n / 100);
    for (int i = 0; i < n; i++) {
      x[i] = i;
      // each window summed afresh: a running sum that subtracts 1e16 leaves round-off that can fall to 0 or below
      // once the loss is down to 1e3, which a log axis refuses
      double sum = 0;
      for (int j = Math.max(0, i - window + 1); j <= i; j++) {
        sum += finite(history.loss()[j]);
      }
      smooth[i] = sum / Math.min(i + 1, window);
    }
    boolean log = logScale(history.loss());
    XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("step")
        .yAxisTitle(log ? "loss (log scale)" : "loss").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setLegendVisible(true);
    chart.getStyler().setYAxisLogarithmic(log);
    // whole steps at a round interval, so that long runs' numbers do not run into each other
    long every = labelInterval(n);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(v -> Math.rint(v) % every == 0 ? Long.toString(
        Math.round(v)) : "");
    if (n > 0) {
      double[] raw = new double[n];
      for (int i = 0; i < n; i++) {
        raw[i] = finite(history.loss()[i]);
      }
      chart.addSeries("loss", x, raw).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      chart.addSeries("running mean (" + window + ")", x, smooth);
    } else {
      chart.addSeries("loss", new double[] {0}, new double[] {0});
    }
    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
  }

  /** A round step (1, 2 or 5 times a power of ten) that labels about six points of an axis of {@code n} steps. */
  static long labelInterval(int n) {
    return Math.round(Ticks.roundInterval(Math.max(1, n / 6.0)));
  }

  /**
   * A log axis where the loss spans two decades or more and is positive throughout (a log-variance or KL loss
   * falling from thousands to tens); a loss that crosses zero keeps a linear axis.
   */
  static boolean logScale(double[] loss) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (double v : loss) {
      if (!(v > 0) || !Double.isFinite(v)) {
        return false;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return loss.length > 1 && max >= 100 * min;
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
