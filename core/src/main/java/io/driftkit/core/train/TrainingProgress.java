package io.driftkit.core.train;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where training reports progress: a terminal progress bar, log lines, or nowhere. */
public interface TrainingProgress extends AutoCloseable {

  /** Called after every step with the loss and the rate since the run (or resume) began. */
  void onStep(int step, int totalSteps, double loss, double stepsPerSecond);

  @Override
  default void close() {}

  /** Silence. */
  TrainingProgress NONE = (step, total, loss, rate) -> { };

  /** A progress bar with loss and steps/s when stdout is a terminal, else a log line every {@code every} steps. */
  static TrainingProgress auto(int startStep, int totalSteps, int every) {
    return System.console() != null ? bar(startStep, totalSteps) : log(every);
  }

  /** A me.tongfei progress bar on the terminal. */
  static TrainingProgress bar(int startStep, int totalSteps) {
    ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).startsFrom(startStep, java.time.Duration.ZERO)
        .build();
    return new TrainingProgress() {
      @Override
      public void onStep(int step, int total, double loss, double rate) {
        bar.stepTo(step + 1);
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4g  %.1f steps/s", loss, rate));
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** Plain log lines (for files and CI, where a bar would be garbage). */
  static TrainingProgress log(int every) {
    Logger logger = LoggerFactory.getLogger(Trainer.class);
    return (step, total, loss, rate) -> {
      if ((step + 1) % every == 0 || step + 1 == total) {
        logger.info(String.format(java.util.Locale.ROOT, "train step %d/%d  loss %.5g  %.1f steps/s", step + 1,
            total, loss, rate));
      }
    };
  }
}
