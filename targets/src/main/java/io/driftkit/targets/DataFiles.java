package io.driftkit.targets;

import io.driftkit.api.config.ConfigException;
import io.driftkit.api.plugin.ComponentContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the small CSV data sets the targets need: a bundled resource (under {@code io/driftkit/targets/data/})
 * or, when the user names one, a file. Every failure names the file, and for bad content the line and column.
 */
final class DataFiles {

  private DataFiles() {}

  /** A parsed CSV: the header and the cells of each row as text. */
  record Table(String source, String[] header, List<String[]> rows) {

    /** The cell at (row, column) as a number. */
    double number(int row, int column) {
      String cell = rows.get(row)[column].trim();
      try {
        return Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        throw new ConfigException("data file " + source + ", line " + (row + 2) + ", column '" + header[column]
            + "': '" + cell + "' is not a number");
      }
    }

    /** The index of a named column. */
    int column(String name) {
      int i = Arrays.asList(header).indexOf(name);
      if (i < 0) {
        throw new ConfigException("data file " + source + " has no column '" + name + "' (columns: "
            + String.join(",", header) + ")");
      }
      return i;
    }
  }

  /**
   * Reads {@code file} if it is not blank, else the bundled resource.
   *
   * @param expectedColumns the column count every row must have
   * @throws ConfigException for a missing file, a ragged row or an empty table
   */
  static Table read(String file, String bundledResource, int expectedColumns) {
    String source;
    try (InputStream in = open(file, bundledResource)) {
      source = file == null || file.isBlank() ? "bundled " + bundledResource : "'" + file + "'";
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String first = reader.readLine();
      if (first == null) {
        throw new ConfigException("data file " + source + " is empty");
      }
      String[] header = first.trim().split(",");
      if (header.length != expectedColumns) {
        throw new ConfigException("data file " + source + " has " + header.length + " columns, expected "
            + expectedColumns);
      }
      List<String[]> rows = new ArrayList<>();
      String line;
      int number = 1;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.trim().split(",", -1);
        if (cells.length != expectedColumns) {
          throw new ConfigException("data file " + source + ", line " + number + ": " + cells.length
              + " columns, expected " + expectedColumns);
        }
        rows.add(cells);
      }
      if (rows.isEmpty()) {
        throw new ConfigException("data file " + source + " has no rows");
      }
      return new Table(source, header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read data file " + (file == null ? bundledResource : file), e);
    }
  }

  /**
   * Tells the host which file {@link #read} reads for these arguments, so the run's provenance records its SHA-256.
   */
  static void report(ComponentContext context, String file, String bundledResource) {
    if (file != null && !file.isBlank()) {
      context.readsData(Path.of(file));
      return;
    }
    URL bundled = DataFiles.class.getResource("data/" + bundledResource);
    if (bundled != null) {
      context.readsData(bundled);
    }
  }

  private static InputStream open(String file, String bundledResource) throws IOException {
    if (file != null && !file.isBlank()) {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new ConfigException("data file '" + file + "' not found (absolute path " + path.toAbsolutePath()
            + ")");
      }
      return Files.newInputStream(path);
    }
    InputStream in = DataFiles.class.getResourceAsStream("data/" + bundledResource);
    if (in == null) {
      throw new ConfigException("bundled data file '" + bundledResource + "' is missing from the class path "
          + "(io/driftkit/targets/data/); the targets jar is incomplete");
    }
    return in;
  }
}
