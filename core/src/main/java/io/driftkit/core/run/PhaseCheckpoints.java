package io.driftkit.core.run;

import io.driftkit.api.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The config a phased training's checkpoints were made with ({@value #FILE} in the checkpoint directory): a resumed
 * run replays the method's phases and restores the completed ones, which is right only when every key that shapes
 * them is as it was. Keys that do not ({@code sample.*}, {@code output.*}, logging, checkpoint spacing and the time
 * budget) may change.
 */
final class PhaseCheckpoints {

  static final String FILE = "config.properties";

  private PhaseCheckpoints() {}

  /** The keys that shape the phases, with their effective values. */
  static Map<String, String> fingerprint(AssembledRun run) {
    Map<String, String> out = new TreeMap<>();
    run.effective().forEach((k, v) -> {
      boolean free = k.startsWith("sample.") || k.startsWith("output.") || k.equals("train.log-every")
          || k.equals("train.checkpoint-every") || k.equals("train.max-seconds");
      if (!free) {
        out.put(k, v);
      }
    });
    return out;
  }

  /**
   * Before a resumed run writes anything: its checkpoints must come from the same config.
   *
   * @throws ConfigException naming the first key whose value differs
   */
  static void check(AssembledRun run, Path checkpoints, boolean resume) {
    Path file = checkpoints.resolve(FILE);
    if (!resume || !Files.isRegularFile(file)) {
      return;
    }
    Map<String, String> before = read(file);
    Map<String, String> now = fingerprint(run);
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String a = before.get(key);
      String b = now.get(key);
      if (a == null ? b != null : !a.equals(b)) {
        throw new ConfigException("cannot resume: the checkpoints in " + checkpoints + " belong to another config"
            + " (key '" + key + "' was " + (a == null ? "absent" : "'" + a + "'") + ", now "
            + (b == null ? "absent" : "'" + b + "'") + "); resume with the same settings or start a new run");
      }
    }
  }

  /** Records the config the checkpoints are made with. */
  static void write(AssembledRun run, Path checkpoints) {
    RunDirectory.open(checkpoints).writeProperties(FILE, "the config of these checkpoints; --resume refuses another",
        fingerprint(run));
  }

  private static Map<String, String> read(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }
}
