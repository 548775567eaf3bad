package io.driftkit.core.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A PNG of per-iteration convergence series (e.g. of iterative proportional fitting): one small panel per series, so
 * that numbers of different scales are not squeezed onto one axis.
 */
public final class ConvergencePlot {

  private static final int PANEL_WIDTH = 360;
  private static final int PANEL_HEIGHT = 240;
  private static final int COLUMNS = 4;

  private ConvergencePlot() {}

  /**
   * Writes the plot.
   *
   * @param iterations the x values
   * @param series name to values (NaN where missing), all of the length of {@code iterations}
   */
  public static void write(OutputStream out, String title, int[] iterations, Map<String, double[]> series)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<BufferedImage> panels = new ArrayList<>();
    for (Map.Entry<String, double[]> s : series.entrySet()) {
      XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(s.getKey())
          .xAxisTitle("iteration").build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < iterations.length; i++) {
        if (Double.isFinite(s.getValue()[i])) {
          x.add((double) iterations[i]);
          y.add(s.getValue()[i]);
        }
      }
      if (x.isEmpty()) {
        chart.setTitle(s.getKey() + " (no finite value)");
        chart.addSeries(s.getKey(), new double[] {iterations.length == 0 ? 0 : iterations[0]}, new double[] {0});
      } else {
        chart.addSeries(s.getKey(), x, y);
      }
      panels.add(BitmapEncoder.getBufferedImage(chart));
    }
    int rows = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
    int columns = Math.max(1, Math.min(COLUMNS, panels.size()));
    BufferedImage image = new BufferedImage(columns * PANEL_WIDTH, 30 + rows * PANEL_HEIGHT,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.BLACK);
    g.drawString(title, 10, 20);
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), (i % COLUMNS) * PANEL_WIDTH, 30 + (i / COLUMNS) * PANEL_HEIGHT, null);
    }
    g.dispose();
    ImageIO.write(image, "png", out);
  }
}
