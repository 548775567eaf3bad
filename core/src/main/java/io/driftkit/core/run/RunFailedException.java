package io.driftkit.core.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A run stopped part-way, at one of its stages ({@code assembly}, {@code training}, {@code sampling},
 * {@code evaluation}). A run with an output directory keeps what was complete there, and its metrics.json says the
 * run failed.
 */
public final class RunFailedException extends RuntimeException {

  private final Path directory;
  private final String stage;

  /**
   * @param directory the run's output directory, or null for a run that writes none
   * @param stage the stage that failed
   */
  public RunFailedException(Path directory, String stage, String message, Throwable cause) {
    super(message, cause);
    this.directory = directory;
    this.stage = stage;
  }

  /** The run directory holding what was complete, for a run that had one. */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /** The stage that failed. */
  public String stage() {
    return stage;
  }
}
