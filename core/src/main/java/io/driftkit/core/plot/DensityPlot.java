package io.driftkit.core.plot;

import io.driftkit.api.PlotBox;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A 2-D density as an image over the plot box, p / max p from white to dark blue, with both axes, ticks at round
 * values, their labels, and a colour bar.
 */
public final class DensityPlot {

  private static final int SIZE = 400;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final int BAR = 20;

  private DensityPlot() {}

  /** A function from {@code [m, 2]} points (row-major) to their log densities. */
  @FunctionalInterface
  public interface LogDensity {
    double[] at(double[] points, int m);
  }

  /** Writes the PNG of {@code exp(logDensity)} over {@code box}, scaled to its maximum on the pixel grid. */
  public static void write(OutputStream out, String title, PlotBox box, LogDensity logDensity) throws IOException {
    double[] pts = new double[SIZE * SIZE * 2];
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        int k = i * SIZE + j;
        pts[2 * k] = box.xMin() + (j + 0.5) * (box.xMax() - box.xMin()) / SIZE;
        pts[2 * k + 1] = box.yMax() - (i + 0.5) * (box.yMax() - box.yMin()) / SIZE;
      }
    }
    double[] logp = logDensity.at(pts, SIZE * SIZE);
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logp) {
      max = Math.max(max, v);
    }
    BufferedImage image = new BufferedImage(LEFT + SIZE + 110, TOP + SIZE + 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    for (int i = 0; i < SIZE; i++) {
      for (int j = 0; j < SIZE; j++) {
        double p = Math.exp(logp[i * SIZE + j] - max);
        image.setRGB(LEFT + j, TOP + i, colour(Double.isFinite(p) ? p : 0).getRGB());
      }
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawRect(LEFT - 1, TOP - 1, SIZE + 1, SIZE + 1);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    double xt = Ticks.roundInterval((box.xMax() - box.xMin()) / 5);
    for (double v = Math.ceil(box.xMin() / xt) * xt; v <= box.xMax() + 1e-9 * xt; v += xt) {
      int px = LEFT + (int) Math.round((v - box.xMin()) / (box.xMax() - box.xMin()) * SIZE);
      g.drawLine(px, TOP + SIZE, px, TOP + SIZE + 5);
      String s = label(v, xt);
      g.drawString(s, px - g.getFontMetrics().stringWidth(s) / 2, TOP + SIZE + 19);
    }
    double yt = Ticks.roundInterval((box.yMax() - box.yMin()) / 5);
    for (double v = Math.ceil(box.yMin() / yt) * yt; v <= box.yMax() + 1e-9 * yt; v += yt) {
      int py = TOP + (int) Math.round((box.yMax() - v) / (box.yMax() - box.yMin()) * SIZE);
      g.drawLine(LEFT - 5, py, LEFT, py);
      String s = label(v, yt);
      g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), py + 4);
    }
    g.drawString("x0", LEFT + SIZE / 2 - 6, TOP + SIZE + 40);
    g.drawString("x1", 8, TOP + SIZE / 2);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, TOP - 14);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int bx = LEFT + SIZE + 25;
    for (int i = 0; i < SIZE; i++) {
      g.setColor(colour(1 - i / (double) (SIZE - 1)));
      g.drawLine(bx, TOP + i, bx + BAR, TOP + i);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(bx, TOP, BAR, SIZE);
    for (int k = 0; k <= 4; k++) {
      int py = TOP + (int) Math.round((1 - k / 4.0) * SIZE);
      g.drawLine(bx + BAR, py, bx + BAR + 4, py);
      g.drawString(String.format(Locale.ROOT, "%.2f", k / 4.0), bx + BAR + 7, py + 4);
    }
    g.drawString("p / max p", bx - 4, TOP + SIZE + 19);
    g.dispose();
    ImageIO.write(image, "png", out);
  }

  private static Color colour(double p) {
    int c = (int) Math.round(255 * (1 - p));
    return new Color(c, c, 255 - (int) Math.round(155 * p));
  }

  private static String label(double v, double tick) {
    double r = Math.rint(v / tick) * tick;
    return r == Math.rint(r) ? Long.toString(Math.round(r)) : String.format(Locale.ROOT, "%.3g", r);
  }
}
