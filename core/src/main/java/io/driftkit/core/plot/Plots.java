package io.driftkit.core.plot;

import io.driftkit.api.PlotBox;
import io.driftkit.core.train.TrainHistory;
import java.io.IOException;
import java.io.OutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's pictures, drawn with XChart where it is on the class path. XChart (and the PDF and graphics libraries
 * it brings) is an optional dependency of driftkit-core: the command line has it; a program that writes run
 * directories adds {@code org.knowm.xchart:xchart} to get samples.png and loss.png.
 *
 * <p>Nothing here sets {@code java.awt.headless}: the pictures are drawn into in-memory images, and whether the
 * JVM runs headless is the application's choice (the command line sets it for its own process).
 */
public final class Plots {

  private static final Logger LOG = LoggerFactory.getLogger(Plots.class);
  private static final String XCHART = "org.knowm.xchart.XYChart";

  private static volatile Boolean available;
  private static volatile boolean warned;

  private Plots() {}

  /** Whether XChart is on the class path; the first time it is not, a warning says how to get the pictures. */
  public static boolean available() {
    if (available == null) {
      boolean found;
      try {
        Class.forName(XCHART, false, Plots.class.getClassLoader());
        found = true;
      } catch (ClassNotFoundException | LinkageError e) {
        found = false;
      }
      available = found;
    }
    if (!available && !warned) {
      warned = true;
      LOG.warn("output.plot = true, but XChart is not on the class path, so no samples.png or loss.png are"
          + " written; add org.knowm.xchart:xchart (driftkit-bom manages its version) or set output.plot = false");
    }
    return available;
  }

  /** The scatter plot of the first two coordinates over the reference samples (see {@link ScatterPlot}). */
  public static void scatter(OutputStream out, String title, INDArray samples, INDArray reference, PlotBox box)
      throws IOException {
    ScatterPlot.write(out, title, samples, reference, box);
  }

  /** Two scatter plots side by side over the same reference (see {@link ScatterPlot#writePair}). */
  public static void scatterPair(OutputStream out, String leftTitle, INDArray left, String rightTitle,
      INDArray right, INDArray reference, PlotBox box) throws IOException {
    ScatterPlot.writePair(out, leftTitle, left, rightTitle, right, reference, box);
  }

  /** The training loss and its running mean (see {@link LossCurvePlot}). */
  public static void lossCurve(TrainHistory history, OutputStream out) throws IOException {
    LossCurvePlot.write(history, out);
  }

  /** As {@link #lossCurve(TrainHistory, OutputStream)}, under {@code title}. */
  public static void lossCurve(TrainHistory history, OutputStream out, String title) throws IOException {
    LossCurvePlot.write(history, out, title);
  }
}
