package io.driftkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every {@code ./driftkit} command in README.md's code blocks, as written: {@code target}, {@code plugins} and
 * {@code describe} commands run; {@code run} commands are assembled in full ({@code --dry-run}: every key, plugin
 * and file checked, where a run itself would take minutes); {@code bench} commands are parsed. Relative output and
 * input files go to a temporary directory. The blocks that install the example plugin are run by the examples
 * module's PluginExampleIT, which has the plugin's jar.
 */
class ReadmeCommandsTest extends CommandLineHarness {

  private static final Pattern FENCE = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```");

  @TempDir
  Path dir;

  static List<List<String>> commands() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<List<String>> out = new ArrayList<>();
    Matcher m = FENCE.matcher(readme);
    while (m.find()) {
      String block = m.group(1);
      if (block.contains("examples/plugin-example")) {
        continue;
      }
      for (String line : block.split("\n")) {
        String command = line.replaceFirst("\\s+#.*$", "").trim();
        if (command.startsWith("./driftkit")) {
          out.add(List.of(command.substring("./driftkit".length()).trim().split("\\s+")));
        }
      }
    }
    return out;
  }

  @TestFactory
  Stream<DynamicTest> everyCommandInReadmeWorksAsWritten() throws IOException {
    List<List<String>> commands = commands();
    assertThat(commands).as("README's commands").hasSizeGreaterThanOrEqualTo(7);
    return commands.stream().map(args -> DynamicTest.dynamicTest("./driftkit " + String.join(" ", args),
        () -> check(args)));
  }

  private void check(List<String> written) throws IOException {
    List<String> args = new ArrayList<>();
    for (String a : written) {
      boolean file = a.matches("[\\w.-]+\\.(csv|png|json)");
      // README's paths into the checkout (configs/...) are relative to its root, one up from this module
      boolean checkoutFile = a.matches("[\\w./-]+\\.(properties|yaml)") && Files.exists(Path.of("..", a));
      args.add(file ? dir.resolve(a).toString() : checkoutFile ? Path.of("..", a).toString() : a);
    }
    if (args.contains("--points")) {
      Path points = Path.of(args.get(args.indexOf("--points") + 1));
      StringBuilder csv = new StringBuilder();
      for (int j = 0; j < 10; j++) {
        csv.append(j == 0 ? "" : ",").append('x').append(j);
      }
      Files.writeString(points, csv + "\n" + "0.5,".repeat(9) + "0.5\n");
    }
    switch (args.isEmpty() ? "" : args.get(0)) {
      case "run" -> {
        args.add("--dry-run");
        assertThat(driftkit(args.toArray(String[]::new))).as(err).isZero();
        assertThat(out).contains("assembled; nothing run");
      }
      case "bench" -> {
        CommandLine cli = new CommandLine(new DriftkitCommand(java.util.Map.of(), java.util.Optional.empty()));
        cli.parseArgs(args.toArray(String[]::new));
      }
      default -> assertThat(driftkit(args.toArray(String[]::new))).as(err).isZero();
    }
  }
}
