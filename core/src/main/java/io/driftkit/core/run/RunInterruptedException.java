package io.driftkit.core.run;

import java.nio.file.Path;

/**
 * A stop request (Ctrl-C, SIGTERM) ended training early: the steps done are checkpointed and metrics.json says
 * {@code "status": "interrupted"} with the command that continues the run.
 */
public final class RunInterruptedException extends RuntimeException {

  private final Path directory;

  public RunInterruptedException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
