package io.driftkit.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.driftkit.toolkit.Rows;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The directory a run writes into. Every file is written to a temporary file first and renamed into place, so a
 * reader never sees half a file and a failure never destroys a complete one.
 */
public final class RunDirectory {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  /** Opens (creating if needed) the directory. */
  public static RunDirectory open(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create run directory '" + root + "'", e);
    }
    return new RunDirectory(root);
  }

  public Path root() {
    return root;
  }

  public Path resolve(String name) {
    return root.resolve(name);
  }

  /** Writes a file through a temporary file and an atomic rename. */
  public Path write(String name, Content content) {
    Path target = root.resolve(name);
    Path tmp = root.resolve("." + name + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        content.writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return target;
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // the original failure is the one worth reporting
      }
      throw new UncheckedIOException("cannot write '" + target + "'", e);
    }
  }

  /** Writes {@code key=value} lines, sorted, under a comment header. */
  public Path writeProperties(String name, String header, Map<String, String> values) {
    return write(name, out -> {
      Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
      for (String line : header.split("\n")) {
        w.write("# " + line + "\n");
      }
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(values).entrySet()) {
        w.write(escape(e.getKey()) + " = " + escape(e.getValue()) + "\n");
      }
      w.flush();
    });
  }

  /** Writes a flat JSON object; non-finite numbers become null (JSON has no NaN). */
  public Path writeJson(String name, Map<String, ?> values) {
    Map<String, Object> clean = new LinkedHashMap<>();
    values.forEach((k, v) -> clean.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    return write(name, out -> JSON.writeValue(out, clean));
  }

  /** Writes an {@code [n, d]} array as CSV with the header {@code x0,x1,...}. */
  public Path writeSamples(String name, INDArray samples) {
    long n = samples.size(0);
    int d = (int) samples.size(1);
    double[] v = Rows.values(samples);
    return write(name, out -> {
      Writer w = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < d; j++) {
        line.append(j == 0 ? "" : ",").append('x').append(j);
      }
      w.write(line.append('\n').toString());
      for (long i = 0; i < n; i++) {
        line.setLength(0);
        for (int j = 0; j < d; j++) {
          line.append(j == 0 ? "" : ",").append(v[(int) (i * d + j)]);
        }
        w.write(line.append('\n').toString());
      }
      w.flush();
    });
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("=", "\\=").replace(":", "\\:");
  }

  /** Something that writes a file's bytes. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }
}
