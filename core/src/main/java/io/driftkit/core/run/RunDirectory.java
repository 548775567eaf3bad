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
import io.driftkit.api.config.ConfigException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

  /**
   * A new, unique run directory {@code parent/base}, or {@code parent/base-2}, {@code -3}, ...: created atomically, so
   * two runs started in the same second never share one.
   *
   * @throws ConfigException naming the path and the cause when it cannot be created
   */
  public static RunDirectory createUnique(Path parent, String base) {
    try {
      Files.createDirectories(parent);
      for (int i = 1; ; i++) {
        Path dir = parent.resolve(i == 1 ? base : base + "-" + i);
        try {
          return new RunDirectory(Files.createDirectory(dir));
        } catch (FileAlreadyExistsException taken) {
          // another run (or an earlier one) has it: try the next suffix
        }
      }
    } catch (IOException e) {
      throw cannotCreate(parent.resolve(base), e);
    }
  }

  /**
   * The directory the user named for a new run: created if missing; an existing empty directory is used as it is; a
   * non-empty one is refused unless {@code overwrite}, and then its contents are deleted first, so no file of an
   * earlier run survives beside the new run's.
   *
   * @throws ConfigException naming the path: not a directory, not empty without overwrite, not writable
   */
  public static RunDirectory createFor(Path root, boolean overwrite) {
    try {
      if (Files.exists(root) && !Files.isDirectory(root)) {
        throw new ConfigException("--out " + root + " is a file, not a directory");
      }
      if (Files.isDirectory(root)) {
        boolean empty;
        try (Stream<Path> entries = Files.list(root)) {
          empty = entries.findAny().isEmpty();
        }
        if (!empty && !overwrite) {
          throw new ConfigException("--out " + root + " is not empty (it may hold another run); choose a new directory"
              + " or add --force to delete its contents first");
        }
        if (!empty) {
          deleteContents(root);
        }
      }
      Files.createDirectories(root);
      if (!Files.isWritable(root)) {
        throw new ConfigException("cannot write into run directory '" + root + "': permission denied");
      }
      return new RunDirectory(root);
    } catch (IOException e) {
      throw cannotCreate(root, e);
    }
  }

  private static ConfigException cannotCreate(Path dir, IOException e) {
    String cause = e instanceof AccessDeniedException ? "permission denied"
        : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new ConfigException("cannot create run directory '" + dir + "': " + cause);
  }

  private static void deleteContents(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(root)) {
          Files.delete(p);
        }
      }
    }
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

  /**
   * A fresh hidden directory inside this one ({@code .staging}) that a resume writes its record into, so the record
   * of the run being resumed is replaced only by {@link #adopt} once the resume has completed.
   */
  public RunDirectory staging() {
    Path dir = root.resolve(".staging");
    try {
      if (Files.exists(dir)) {
        deleteContents(dir);
      }
      return new RunDirectory(Files.createDirectories(dir));
    } catch (IOException e) {
      throw cannotCreate(dir, e);
    }
  }

  /** Moves every file of {@code staging} into this directory, replacing files of the same name, and removes it. */
  public void adopt(RunDirectory staging) {
    try (Stream<Path> files = Files.list(staging.root)) {
      for (Path f : files.toList()) {
        Path target = root.resolve(f.getFileName().toString());
        try {
          Files.move(f, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.delete(staging.root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the resumed run's files from " + staging.root + " into " + root, e);
    }
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

  /** Writes a JSON object; non-finite numbers become null at any depth (JSON has no NaN). */
  public Path writeJson(String name, Map<String, ?> values) {
    Object clean = finite(values);
    return write(name, out -> JSON.writeValue(out, clean));
  }

  /** The value with every non-finite number, in maps, lists and arrays too, replaced by null. */
  private static Object finite(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? f : null;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, finite(x)));
      return out;
    }
    if (v instanceof Iterable<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(finite(x)));
      return out;
    }
    if (v instanceof double[] a) {
      List<Object> out = new ArrayList<>(a.length);
      for (double x : a) {
        out.add(Double.isFinite(x) ? x : null);
      }
      return out;
    }
    return v;
  }

  /** Writes an {@code [n, d]} array as CSV with the header {@code x0,x1,...}. */
  public Path writeSamples(String name, INDArray samples) {
    return writeSamples(name, samples, null);
  }

  /**
   * Writes an {@code [n, d]} array as CSV with the header {@code x0,x1,...}, and where {@code logWeights} is given
   * its {@code [n]} values as a last column {@code log_w} (the sample is then weighted: use the weights or the
   * resampled file, not the raw rows, to estimate anything).
   */
  public Path writeSamples(String name, INDArray samples, INDArray logWeights) {
    long n = samples.size(0);
    int d = (int) samples.size(1);
    double[] v = Rows.values(samples);
    double[] w = logWeights == null ? null : Rows.values(logWeights);
    return write(name, out -> {
      Writer writer = new BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < d; j++) {
        line.append(j == 0 ? "" : ",").append('x').append(j);
      }
      writer.write(line.append(w == null ? "" : "," + LOG_WEIGHT_COLUMN).append('\n').toString());
      for (long i = 0; i < n; i++) {
        line.setLength(0);
        for (int j = 0; j < d; j++) {
          line.append(j == 0 ? "" : ",").append(v[(int) (i * d + j)]);
        }
        if (w != null) {
          line.append(',').append(w[(int) i]);
        }
        writer.write(line.append('\n').toString());
      }
      writer.flush();
    });
  }

  /** The samples CSV's column of log importance weights. */
  public static final String LOG_WEIGHT_COLUMN = "log_w";

  /** Writes an array in NumPy's {@code .npy} format (float64 stays float64), for {@code numpy.load}. */
  public Path writeNpy(String name, INDArray values) {
    byte[] bytes = Nd4j.toNpyByteArray(values.dup('c'));
    return write(name, out -> out.write(bytes));
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
