package io.driftkit.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.PlotBox;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DensityPlotTest {

  @Test
  void roundTickIntervals() {
    assertThat(Ticks.roundInterval(3.2)).isEqualTo(5);
    assertThat(Ticks.roundInterval(16)).isEqualTo(20);
    assertThat(Ticks.roundInterval(0.9)).isEqualTo(1);
    assertThat(Ticks.roundInterval(0.15)).isEqualTo(0.2, org.assertj.core.api.Assertions.within(1e-15));
  }

  /** A standard normal on [-3, 3]^2: darkest (p = max) at the centre of the image area, white at its corners. */
  @Test
  void theDensityIsDrawnWhereItIs() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DensityPlot.write(out, "normal", new PlotBox(-3, 3, -3, 3), (points, m) -> {
      double[] logp = new double[m];
      for (int i = 0; i < m; i++) {
        logp[i] = -0.5 * (points[2 * i] * points[2 * i] + points[2 * i + 1] * points[2 * i + 1]);
      }
      return logp;
    });
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    Color centre = new Color(image.getRGB(60 + 200, 40 + 200));
    Color corner = new Color(image.getRGB(60 + 2, 40 + 2));
    assertThat(centre.getRed()).isLessThan(10);
    assertThat(corner.getRed()).isGreaterThan(245);
  }
}
