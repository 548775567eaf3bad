package io.driftkit.core.run;

import java.io.PrintStream;
import java.util.Locale;

/** {@link ProgressListener#lines}: "training: 30/300  loss 1.234  4.5 steps/s", readable in logs and CI. */
final class ProgressLines implements ProgressListener {

  private final PrintStream out;
  private long total;
  private long every;
  private long nextReport;

  ProgressLines(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void started(String stage, long total, long reportEvery) {
    this.total = total;
    this.every = reportEvery > 0 ? reportEvery : Math.max(1, total / 10);
    this.nextReport = every;
  }

  @Override
  public synchronized void advanced(String stage, long done, double loss, double unitsPerSecond) {
    if (done < nextReport && done != total) {
      return;
    }
    String status = Double.isNaN(loss) ? ""
        : String.format(Locale.ROOT, "  loss %.4g  %.1f steps/s", loss, unitsPerSecond);
    if (done > total) {
      // an adaptive integrator takes as many steps as it needs: there is no total to show a fraction of
      out.println(stage + ": " + done + " steps" + status);
      nextReport = 2 * done;
      return;
    }
    out.println(stage + ": " + done + "/" + total + status);
    nextReport = done + every;
  }

  @Override
  public synchronized void message(String text) {
    out.println(text);
  }
}
