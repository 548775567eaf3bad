package io.driftkit.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The "Writing a plugin" section of README.md: the files it shows and the commands it gives. */
final class ReadmeExample {

  static final Path ROOT = Path.of(System.getProperty("driftkit.root", "..")).toAbsolutePath().normalize();
  static final Path EXAMPLE = ROOT.resolve("examples/plugin-example");

  private static final Pattern FILE_BLOCK = Pattern.compile(
      "`(examples/plugin-example/[^`]+)`:\\n\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

  private ReadmeExample() {}

  /** The section's text, from its heading to the next one of the same level. */
  static String section() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int start = readme.indexOf("\n## Writing a plugin\n");
    if (start < 0) {
      throw new IllegalStateException("README.md has no section '## Writing a plugin'");
    }
    int end = readme.indexOf("\n## ", start + 1);
    return end < 0 ? readme.substring(start) : readme.substring(start, end);
  }

  /** Each file the section shows (path relative to the repository root) with the text it shows. */
  static Map<String, String> files() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = FILE_BLOCK.matcher(section());
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  /** The {@code --set key=value} pairs of the section's first {@code ./driftkit run} command. */
  static List<String> runSettings() throws IOException {
    return runCommands().get(0);
  }

  /** The {@code --set key=value} pairs of each of the section's {@code ./driftkit run} commands, in order. */
  static List<List<String>> runCommands() throws IOException {
    String section = section();
    List<List<String>> commands = new ArrayList<>();
    for (int run = section.indexOf("./driftkit run"); run >= 0; run = section.indexOf("./driftkit run", run + 1)) {
      int end = section.indexOf('\n', run);
      String command = section.substring(run, end < 0 ? section.length() : end);
      List<String> settings = new ArrayList<>();
      Matcher m = Pattern.compile("--set (\\S+)").matcher(command);
      while (m.find()) {
        settings.add(m.group(1));
      }
      commands.add(settings);
    }
    if (commands.isEmpty()) {
      throw new IllegalStateException("the section gives no './driftkit run' command");
    }
    return commands;
  }
}
