package io.driftkit.core.plot;

import io.driftkit.api.PlotBox;
import io.driftkit.toolkit.Rows;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A PNG scatter plot of the first two coordinates of samples, optionally over exact reference samples. */
public final class ScatterPlot {

  private static final int MAX_POINTS = 5000;

  private ScatterPlot() {}

  /**
   * Writes the plot as PNG.
   *
   * @param reference exact samples drawn underneath in grey, or null
   */
  public static void write(OutputStream out, String title, INDArray samples, INDArray reference, PlotBox box)
      throws IOException {
    BitmapEncoder.saveBitmap(chart(title, samples, reference, box), out, BitmapEncoder.BitmapFormat.PNG);
  }

  /**
   * Writes two scatter plots side by side in one PNG (e.g. the same model's SDE and ODE samples), each over the
   * reference in grey, on the same axes.
   */
  public static void writePair(OutputStream out, String leftTitle, INDArray left, String rightTitle, INDArray right,
      INDArray reference, PlotBox box) throws IOException {
    BufferedImage a = BitmapEncoder.getBufferedImage(chart(leftTitle, left, reference, box));
    BufferedImage b = BitmapEncoder.getBufferedImage(chart(rightTitle, right, reference, box));
    BufferedImage both = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = both.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, both.getWidth(), both.getHeight());
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, a.getWidth(), 0, null);
    g.dispose();
    ImageIO.write(both, "png", out);
  }

  private static XYChart chart(String title, INDArray samples, INDArray reference, PlotBox box) {
    XYChart chart = new XYChartBuilder().width(640).height(640).title(title).xAxisTitle("x0").yAxisTitle("x1")
        .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setXAxisMin(box.xMin()).setXAxisMax(box.xMax());
    chart.getStyler().setYAxisMin(box.yMin()).setYAxisMax(box.yMax());
    if (reference != null) {
      add(chart, "exact", reference, new Color(150, 150, 150, 90));
    }
    add(chart, "samples", samples, new Color(200, 40, 40, 110));
    return chart;
  }

  private static void add(XYChart chart, String name, INDArray points, Color color) {
    int d = (int) points.size(1);
    int n = (int) Math.min(points.size(0), MAX_POINTS);
    double[] v = Rows.values(points);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = v[i * d];
      y[i] = d > 1 ? v[i * d + 1] : 0;
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
  }
}
