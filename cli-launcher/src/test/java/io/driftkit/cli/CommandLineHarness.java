package io.driftkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Runs the {@code driftkit} command in-process and keeps what it printed. */
abstract class CommandLineHarness {

  /** Standard output of the last command. */
  protected String out;
  /** Standard error of the last command. */
  protected String err;
  /** The environment variables the command sees (none of the machine's: tests stay hermetic). */
  protected Map<String, String> environment = Map.of();
  /** The installation directory whose {@code plugins/} the command searches (none by default). */
  protected Optional<Path> installation = Optional.empty();

  /** Runs {@code driftkit args...} and returns its exit code. */
  protected int driftkit(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = DriftkitCommand.execute(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8), environment, installation);
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }
}
