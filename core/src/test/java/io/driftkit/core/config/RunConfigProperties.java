package io.driftkit.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.config.Setting;
import io.driftkit.core.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the config reader: whatever keys, values, lists and YAML structures a file holds, reading it either fails
 * with a ConfigException (never another exception) or gives exactly the values written, and run.properties written
 * from them reads back unchanged.
 */
class RunConfigProperties {

  private static Path scratch() {
    try {
      return Files.createTempDirectory("runconfig");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<String> keys() {
    Arbitrary<String> word = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1)
        .ofMaxLength(8).filter(w -> Character.isLetter(w.charAt(0)));
    return word.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join(".", parts));
  }

  @Provide
  Arbitrary<String> values() {
    // printable text of any kind, without leading or trailing blanks: the reader trims those on purpose
    return Arbitraries.strings().withCharRange(' ', '~').withChars("äé€\t").ofMaxLength(20).map(String::strip);
  }

  /** Keys where none is a prefix group of another (a.b and a.b.c would be one key in YAML's nesting). */
  private static boolean flat(Map<String, String> m) {
    for (String a : m.keySet()) {
      for (String b : m.keySet()) {
        if (!a.equals(b) && b.startsWith(a + ".")) {
          return false;
        }
      }
    }
    return m.keySet().stream().noneMatch(k -> k.endsWith(".name") || k.equals("name"));
  }

  @Property(tries = 200)
  void runPropertiesReadBackExactly(@ForAll("entries") Map<String, String> values) throws IOException {
    Path f = RunDirectory.open(scratch()).writeProperties("run.properties", "fuzz", values);
    assertThat(RunConfig.load(f).values()).isEqualTo(new TreeMap<>(values));
  }

  @Provide
  Arbitrary<Map<String, String>> entries() {
    return Arbitraries.maps(keys(), values()).ofMaxSize(8).filter(RunConfigProperties::flat);
  }

  @Property(tries = 200)
  void yamlScalarsAndListsReadAsWritten(@ForAll("yamlEntries") Map<String, List<String>> entries)
      throws IOException {
    StringBuilder yaml = new StringBuilder();
    Map<String, String> expected = new TreeMap<>();
    entries.forEach((key, list) -> {
      // written nested by dots, so the reader must join the path back
      String[] parts = key.split("\\.");
      for (int i = 0; i < parts.length; i++) {
        yaml.append("  ".repeat(i)).append(parts[i]).append(':');
        if (i < parts.length - 1) {
          yaml.append('\n');
        }
      }
      if (list.size() == 1) {
        yaml.append(' ').append(quote(list.get(0))).append('\n');
        expected.put(key, list.get(0));
      } else {
        yaml.append(" [").append(String.join(", ", list.stream().map(RunConfigProperties::quote).toList()))
            .append("]\n");
        expected.put(key, String.join(",", list));
      }
    });
    Path f = Files.writeString(scratch().resolve("fuzz.yaml"), yaml.toString());
    assertThat(RunConfig.load(f).values()).as(yaml.toString()).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Map<String, List<String>>> yamlEntries() {
    Arbitrary<String> entry = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(10)
        .map(String::strip).filter(v -> !v.isEmpty() && !v.contains(","));
    // distinct first-level keys, so that the nested YAML written for each key does not merge two mappings
    return Arbitraries.maps(keys(), entry.list().ofMinSize(1).ofMaxSize(4)).ofMaxSize(6)
        .filter(m -> m.keySet().stream().map(k -> k.split("\\.")[0]).distinct().count() == m.size())
        .filter(m -> m.keySet().stream().noneMatch(k -> k.endsWith(".name") || k.equals("name")));
  }

  private static String quote(String v) {
    return "'" + v.replace("'", "''") + "'";
  }

  @Property(tries = 300)
  void arbitraryYamlEitherParsesOrFailsWithAConfigError(@ForAll("yamlText") String text) throws IOException {
    Path f = Files.writeString(scratch().resolve("any.yaml"), text);
    try {
      RunConfig.load(f);
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).contains("any.yaml");
    }
  }

  @Provide
  Arbitrary<String> yamlText() {
    Arbitrary<String> token = Arbitraries.of("a", "b.c", "seed", ":", ": ", "- ", "[", "]", "{", "}", ",", "\n",
        "  ", "'", "\"", "&x ", "*x", "~", "1", "1.0e-3", "#", "!!str ", "? ", "|", ">");
    return token.list().ofMaxSize(30).map(t -> String.join("", t));
  }

  @Property(tries = 200)
  void everyListSettingRoundTripsItsValues(@ForAll @Size(max = 6) List<@net.jqwik.api.constraints.IntRange(min = 1,
      max = 512) Integer> widths, @ForAll @Size(max = 6) List<@net.jqwik.api.constraints.DoubleRange(min = -1e6,
      max = 1e6) Double> reals) {
    Setting<int[]> ints = Setting.integers("hidden", "64", "widths");
    Setting<double[]> doubles = Setting.reals("values", "1", "numbers");
    int[] w = widths.stream().mapToInt(Integer::intValue).toArray();
    double[] r = reals.stream().mapToDouble(Double::doubleValue).toArray();
    String wText = String.join(",", Arrays.stream(w).mapToObj(String::valueOf).toList());
    String rText = String.join(",", Arrays.stream(r).mapToObj(String::valueOf).toList());
    assertThat(ints.parse("model.hidden", wText)).containsExactly(w);
    assertThat(doubles.parse("x.values", rText)).containsExactly(r);
    // and through a run.properties file
    Map<String, String> file = new LinkedHashMap<>();
    file.put("model.hidden", wText);
    file.put("x.values", rText);
    RunConfig back = RunConfig.load(RunDirectory.open(scratch()).writeProperties("run.properties", "lists", file));
    assertThat(ints.parse("model.hidden", back.get("model.hidden"))).containsExactly(w);
    assertThat(doubles.parse("x.values", back.get("x.values"))).containsExactly(r);
  }
}
