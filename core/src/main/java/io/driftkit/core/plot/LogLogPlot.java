package io.driftkit.core.plot;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** A PNG line chart with logarithmic axes, one series per name (error against cost, say); non-positive points drop. */
public final class LogLogPlot {

  private LogLogPlot() {}

  /**
   * Writes the chart as PNG.
   *
   * @param series name to {x values, y values}, drawn in the map's order
   */
  public static void write(OutputStream out, String title, String xTitle, String yTitle,
      Map<String, double[][]> series) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(900).height(640).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setMarkerSize(6);
    boolean any = false;
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      double[] x = e.getValue()[0];
      double[] y = e.getValue()[1];
      int n = 0;
      for (int i = 0; i < x.length; i++) {
        if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
          n++;
        }
      }
      if (n == 0) {
        continue;
      }
      double[] px = new double[n];
      double[] py = new double[n];
      int k = 0;
      for (int i = 0; i < x.length; i++) {
        if (x[i] > 0 && y[i] > 0 && Double.isFinite(x[i]) && Double.isFinite(y[i])) {
          px[k] = x[i];
          py[k++] = y[i];
        }
      }
      XYSeries s = chart.addSeries(e.getKey(), px, py);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(SeriesMarkers.CIRCLE);
      any = true;
    }
    if (!any) {
      chart.addSeries("no data", new double[] {1}, new double[] {1});
    }
    BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
  }
}
