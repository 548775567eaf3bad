package io.driftkit.core.plot;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.PlotBox;
import io.driftkit.core.train.TrainHistory;
import io.driftkit.toolkit.Rows;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PlotsTest {

  @Test
  void drawsPngsWithoutTouchingTheJvmsHeadlessSetting() throws Exception {
    String before = System.getProperty("java.awt.headless");
    assertThat(Plots.available()).isTrue();

    ByteArrayOutputStream loss = new ByteArrayOutputStream();
    Plots.lossCurve(new TrainHistory(new double[] {3, 2, 1, Double.NaN}, new double[4], new double[4]), loss);
    BufferedImage curve = ImageIO.read(new ByteArrayInputStream(loss.toByteArray()));
    assertThat(curve.getWidth()).isEqualTo(800);
    assertThat(curve.getHeight()).isEqualTo(500);

    ByteArrayOutputStream scatter = new ByteArrayOutputStream();
    Plots.scatter(scatter, "t", Rows.matrix(new double[] {0, 0, 1, 1, -1, 2}, 3, 2), null, PlotBox.square(3));
    assertThat(ImageIO.read(new ByteArrayInputStream(scatter.toByteArray())).getWidth()).isEqualTo(640);

    assertThat(System.getProperty("java.awt.headless")).isEqualTo(before);
  }
}
