package io.driftkit.cli;

import io.driftkit.api.config.ConfigException;
import io.driftkit.core.plugin.PluginRegistry;
import io.driftkit.core.provenance.Versions;
import io.driftkit.core.run.Pipeline;
import io.driftkit.core.run.RunFailedException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code driftkit} command. */
@Command(name = "driftkit", mixinStandardHelpOptions = true, versionProvider = DriftkitCommand.Version.class,
    description = "Diffusion-based sampling and generative modelling on the JVM.",
    subcommands = {PluginsCommand.class, DescribeCommand.class, RunCommand.class, TargetCommand.class,
        io.driftkit.cli.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class DriftkitCommand implements Callable<Integer> {

  /** Every subcommand, at every depth, answers --help (and -h). */
  private static void withHelpOptions(CommandLine cli) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (!sub.getCommandSpec().mixinStandardHelpOptions() && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        sub.getCommandSpec().mixinStandardHelpOptions(true);
      }
      withHelpOptions(sub);
    }
  }

  /** Exit code of a run that started but failed. */
  public static final int EXIT_FAILED = 1;
  /** Exit code of a usage or configuration error (nothing was run). */
  public static final int EXIT_USAGE = 2;
  /** Exit code of a run stopped by Ctrl-C or SIGTERM after checkpointing (128 + SIGINT, as shells report it). */
  public static final int EXIT_INTERRUPTED = 130;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "another plugin directory, laid out like plugins/: DIR/NAME/*.jar (repeatable)")
  List<Path> pluginRoots = new ArrayList<>();

  private final Map<String, String> environment;
  private final Optional<Path> installation;
  private PluginRegistry registry;

  DriftkitCommand(Map<String, String> environment, Optional<Path> installation) {
    this.environment = environment;
    this.installation = installation;
  }

  /** With no subcommand: the usage on stderr and exit 2, since nothing was asked that could be done. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("driftkit: a command is needed");
    spec.commandLine().usage(spec.commandLine().getErr());
    return EXIT_USAGE;
  }

  public static void main(String[] args) {
    quietLogging();
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, out, err, System.getenv(), PluginLocations.installation());
  }

  /**
   * Runs the command line with the given environment variables and installation directory (where
   * {@code plugins/} is looked for) and returns its exit code.
   */
  static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> environment,
      Optional<Path> installation) {
    DriftkitCommand command = new DriftkitCommand(environment, installation);
    CommandLine cli = new CommandLine(command);
    withHelpOptions(cli);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return EXIT_USAGE;
      }
      if (e instanceof RunFailedException f) {
        commandLine.getErr().println("error: " + f.getMessage());
        commandLine.getErr().println("what was complete is in " + f.directory() + "; the stack trace is in "
            + f.directory().resolve(Pipeline.ERROR_FILE));
        return EXIT_FAILED;
      }
      commandLine.getErr().println("error: " + e);
      e.printStackTrace(new PrintWriter(commandLine.getErr(), true));
      return EXIT_FAILED;
    });
    try {
      return cli.execute(args);
    } finally {
      if (command.registry != null) {
        command.registry.close();
      }
    }
  }

  /**
   * The plugins of this command line: those on the class path, then those in the installation's {@code plugins/},
   * in {@value PluginLocations#ENVIRONMENT} and in {@code --plugins}; loaded once.
   */
  public static PluginRegistry plugins(CommandSpec spec) {
    DriftkitCommand root = (DriftkitCommand) spec.root().userObject();
    if (root.registry == null) {
      root.registry = PluginRegistry.load(PluginRegistry.hostLoader(),
          PluginLocations.roots(root.installation, root.environment, root.pluginRoots));
    }
    return root.registry;
  }

  /** {@code driftkit --version}: the version the build recorded. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"driftkit " + Versions.driftkit()};
    }
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
