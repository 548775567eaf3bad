package io.driftkit.toolkit.data;

import io.driftkit.api.DataSource;
import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import io.driftkit.toolkit.Rows;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training samples from a CSV file with the header row {@code x0,x1,...} (checked: a file without it would lose its
 * first sample) and one sample per line; batches are drawn with replacement.
 */
public final class CsvDataSource implements DataSource {

  private final int dim;
  private final double[] values;
  private final int rows;

  private CsvDataSource(int dim, double[] values) {
    this.dim = dim;
    this.values = values;
    this.rows = values.length / dim;
  }

  /**
   * Reads and checks the file.
   *
   * @param key the config key that named the file, for messages
   * @param expectedDim the target's dimension
   * @throws ConfigException naming the key, the line and the problem
   */
  public static CsvDataSource read(Path file, int expectedDim, String key) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("data file '" + file + "' (key '" + key + "') does not exist");
    }
    List<double[]> data = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new ConfigException("data file '" + file + "' (key '" + key + "') is empty");
      }
      String[] names = header.split(",", -1);
      int columns = names.length;
      if (columns != expectedDim) {
        throw new ConfigException("data file '" + file + "' (key '" + key + "') has " + columns
            + " columns but the target has dimension " + expectedDim);
      }
      // a file without a header would lose its first sample silently; one with other names is another format
      for (int j = 0; j < columns; j++) {
        if (!names[j].trim().equals("x" + j)) {
          throw new ConfigException("data file '" + file + "' (key '" + key + "') has the header '" + header
              + "'; expected " + expectedHeader(expectedDim) + " (one column per coordinate)");
        }
      }
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != columns) {
          throw new ConfigException("data file '" + file + "' (key '" + key + "') line " + lineNo + " has "
              + cells.length + " values, expected " + columns);
        }
        double[] row = new double[columns];
        for (int j = 0; j < columns; j++) {
          try {
            row[j] = Double.parseDouble(cells[j].trim());
          } catch (NumberFormatException e) {
            throw new ConfigException("data file '" + file + "' (key '" + key + "') line " + lineNo + " column "
                + (j + 1) + ": '" + cells[j].trim() + "' is not a number");
          }
          if (!Double.isFinite(row[j])) {
            throw new ConfigException("data file '" + file + "' (key '" + key + "') line " + lineNo + " column "
                + (j + 1) + " is not finite");
          }
        }
        data.add(row);
      }
    } catch (IOException e) {
      throw new ConfigException("cannot read data file '" + file + "' (key '" + key + "'): " + e.getMessage(), e);
    }
    if (data.isEmpty()) {
      throw new ConfigException("data file '" + file + "' (key '" + key + "') has no samples");
    }
    double[] values = new double[data.size() * expectedDim];
    for (int i = 0; i < data.size(); i++) {
      System.arraycopy(data.get(i), 0, values, i * expectedDim, expectedDim);
    }
    return new CsvDataSource(expectedDim, values);
  }

  private static String expectedHeader(int dim) {
    StringBuilder b = new StringBuilder();
    for (int j = 0; j < dim; j++) {
      b.append(j == 0 ? "" : ",").append('x').append(j);
    }
    return b.toString();
  }

  /**
   * Splits off the last {@code fraction} of the rows (at least one, and only when at least two remain for training)
   * as held-out data for the metrics; returns {training, held-out}, or {this, this} when the file is too small.
   */
  public CsvDataSource[] split(double fraction) {
    int held = (int) Math.max(1, Math.round(rows * fraction));
    if (rows - held < 2) {
      return new CsvDataSource[] {this, this};
    }
    int train = rows - held;
    return new CsvDataSource[] {
        new CsvDataSource(dim, java.util.Arrays.copyOfRange(values, 0, train * dim)),
        new CsvDataSource(dim, java.util.Arrays.copyOfRange(values, train * dim, rows * dim))};
  }

  /** All rows, in file order ({@code [size, d]}). */
  public INDArray all() {
    return Rows.matrix(values.clone(), rows, dim);
  }

  /** The number of samples in the file. */
  public int size() {
    return rows;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray batch(int n, RandomSource random) {
    double[] out = new double[n * dim];
    for (int i = 0; i < n; i++) {
      System.arraycopy(values, random.nextInt(rows) * dim, out, i * dim, dim);
    }
    return Rows.matrix(out, n, dim);
  }
}
