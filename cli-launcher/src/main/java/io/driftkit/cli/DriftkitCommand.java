package io.driftkit.cli;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.run.RunFailedException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code driftkit} command. */
@Command(name = "driftkit", mixinStandardHelpOptions = true, version = "driftkit 0.1.0",
    description = "Diffusion-based sampling and generative modelling on the JVM.",
    subcommands = {PluginsCommand.class, DescribeCommand.class, RunCommand.class, TargetCommand.class,
        io.driftkit.cli.bench.BenchCommand.class})
public final class DriftkitCommand implements Runnable {

  /** Exit code of a run that started but failed. */
  public static final int EXIT_FAILED = 1;
  /** Exit code of a usage or configuration error (nothing was run). */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    quietLogging();
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new DriftkitCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return EXIT_USAGE;
      }
      if (e instanceof RunFailedException f) {
        commandLine.getErr().println("error: " + f.getMessage());
        commandLine.getErr().println("what was complete is in " + f.directory());
        return EXIT_FAILED;
      }
      commandLine.getErr().println("error: " + e);
      e.printStackTrace(new PrintWriter(commandLine.getErr(), true));
      return EXIT_FAILED;
    });
    return cli.execute(args);
  }

  /**
   * ND4J logs its start-up at INFO, and warns about duplicate TensorFlow op mappings (import code driftkit never
   * uses); a command-line user wants only warnings that concern the run.
   */
  static void quietLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping", "error");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
