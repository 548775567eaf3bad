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

  /** Writes the PNG to {@code out}; the window of the running mean is about 1 % of the steps. */
  public static void write(TrainHistory history, OutputStream out) throws IOException {
    int n = history.steps();
    double[] x = new double[n];
    double[] smooth = new double[n];
    int window = Math.max(1, n / 100);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      x[i] = i;
      sum += finite(history.loss()[i]);
      if (i >= window) {
        sum -= finite(history.loss()[i - window]);
      }
      smooth[i] = sum / Math.min(i + 1, window);
    }
    XYChart chart = new XYChartBuilder().width(800).height(500).title("training loss").xAxisTitle("step")
        .yAxisTitle("loss").build();
    chart.getStyler().setMarkerSize(0);
    chart.getStyler().setLegendVisible(true);
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

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }
}
