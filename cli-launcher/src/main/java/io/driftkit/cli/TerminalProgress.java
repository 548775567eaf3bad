package io.driftkit.cli;

import io.driftkit.core.run.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The command line's progress: a progress bar on a terminal, else the plain lines of
 * {@link ProgressListener#lines} (logs and CI stay readable).
 */
final class TerminalProgress implements ProgressListener {

  private final ProgressListener plain;
  private ProgressBar bar;

  private TerminalProgress(PrintStream err) {
    this.plain = ProgressListener.lines(err);
  }

  /** A bar when the process has a terminal, plain lines on {@code err} otherwise. */
  static ProgressListener of(PrintStream err) {
    return System.console() != null ? new TerminalProgress(err) : ProgressListener.lines(err);
  }

  @Override
  public void started(String stage, long total, long reportEvery) {
    bar = new ProgressBarBuilder().setTaskName(stage).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).continuousUpdate().build();
  }

  @Override
  public void advanced(String stage, long done, double loss, double unitsPerSecond) {
    if (bar == null) {
      plain.advanced(stage, done, loss, unitsPerSecond);
      return;
    }
    bar.stepTo(done);
    if (!Double.isNaN(loss)) {
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4g  %.1f steps/s", loss, unitsPerSecond));
    }
  }

  @Override
  public void finished(String stage) {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
