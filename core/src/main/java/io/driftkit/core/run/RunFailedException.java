package io.driftkit.core.run;

import java.nio.file.Path;

/** A run stopped part-way; what was complete is in its directory, whose metrics.json says the run failed. */
public final class RunFailedException extends RuntimeException {

  private final Path directory;

  public RunFailedException(Path directory, String message, Throwable cause) {
    super(message, cause);
    this.directory = directory;
  }

  public Path directory() {
    return directory;
  }
}
