package io.driftkit.core.run;

import java.io.PrintStream;

/**
 * Where a run reports how far its stages ({@value #TRAINING}, {@value #SAMPLING}) have got. The default,
 * {@link #NONE}, reports nothing; {@link #lines(PrintStream)} prints a plain line every tenth of a stage.
 */
public interface ProgressListener {

  /** The stage that trains the model; its units are optimiser steps. */
  String TRAINING = "training";
  /** The stage that draws the samples; its units are the method's steps ({@code Method.sampleSteps}). */
  String SAMPLING = "sampling";

  /**
   * A stage begins.
   *
   * @param total its units of work
   * @param reportEvery how often a plain display should report, in units ({@code train.log-every}; 0: its choice)
   */
  default void started(String stage, long total, long reportEvery) {}

  /**
   * The stage has {@code done} of its units complete.
   *
   * @param loss the training loss of the step just done (NaN while sampling)
   * @param unitsPerSecond the rate since the stage began (NaN where not measured)
   */
  void advanced(String stage, long done, double loss, double unitsPerSecond);

  /** The stage ended (also when it failed). */
  default void finished(String stage) {}

  /** A line a method wants its user to see while it runs (e.g. a phase's summary); ignored by default. */
  default void message(String text) {}

  /** Reports nothing. */
  ProgressListener NONE = (stage, done, loss, rate) -> { };

  /** A plain line on {@code out} every tenth of a stage (or every {@code reportEvery} units), and at its end. */
  static ProgressListener lines(PrintStream out) {
    return new ProgressLines(out);
  }
}
