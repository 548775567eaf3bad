package io.driftkit.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code driftkit} command in-process and keeps what it printed. */
abstract class CommandLineHarness {

  /** Standard output of the last command. */
  protected String out;
  /** Standard error of the last command. */
  protected String err;

  /** Runs {@code driftkit args...} and returns its exit code. */
  protected int driftkit(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = DriftkitCommand.execute(args, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }
}
