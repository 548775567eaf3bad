package io.driftkit.core.run;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long stage: a progress bar on a terminal, a plain line every tenth of the way otherwise (logs and
 * CI stay readable), nothing when quiet.
 */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;
  private final PrintStream plain;
  private final String task;
  private final long total;
  private long done;
  private long nextReport;

  private final long every;

  private Progress(String task, long total, long every, ProgressBar bar, PrintStream plain) {
    this.task = task;
    this.total = total;
    this.every = every > 0 ? every : Math.max(1, total / 10);
    this.bar = bar;
    this.plain = plain;
    this.nextReport = this.every;
  }

  /** A progress display on the terminal if there is one, else a plain line on {@code err} every tenth of the way. */
  public static Progress start(String task, long total, PrintStream err) {
    return start(task, total, 0, err);
  }

  /** As {@link #start(String, long, PrintStream)}, with a plain line every {@code every} units (0: every tenth). */
  public static Progress start(String task, long total, long every, PrintStream err) {
    if (System.console() != null) {
      return new Progress(task, total, every, new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build(), null);
    }
    return new Progress(task, total, every, null, err);
  }

  /** A progress that shows nothing. */
  public static Progress quiet() {
    return new Progress("", 0, 0, null, null);
  }

  /** Advances by {@code n} units, with an optional short status such as "loss 1.23". */
  public void step(long n, String status) {
    done += n;
    if (bar != null) {
      bar.stepBy(n);
      if (status != null) {
        bar.setExtraMessage(status);
      }
    } else if (plain != null && (done >= nextReport || done == total)) {
      plain.println(task + ": " + done + "/" + total + (status == null ? "" : "  " + status));
      nextReport = done + every;
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
