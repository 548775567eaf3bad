package io.driftkit.models;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The weights file of a learnable model: a format tag, a readable description, the shape string that fixes the
 * parameter layout, then the flat float64 parameters. Loading checks tag and shape, so a checkpoint from another
 * model or shape is refused with both shapes named.
 */
final class ParameterFile {

  private ParameterFile() {}

  static void write(Path file, String tag, String description, String shape, double[] values) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeUTF(tag);
      out.writeUTF(description);
      out.writeUTF(shape);
      out.writeLong(values.length);
      for (double v : values) {
        out.writeDouble(v);
      }
    }
  }

  /**
   * The parameters in {@code file}, which must carry {@code tag} and {@code shape}.
   *
   * @param model the model's name for messages, e.g. "mlp"
   * @param keys the config keys that set the shape, named when it differs
   */
  static double[] read(Path file, String tag, String shape, String model, String keys) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (!tag.equals(in.readUTF())) {
        throw new IllegalArgumentException(file + " is not an " + model + " checkpoint (model = " + model + ")");
      }
      String described = in.readUTF();
      String saved = in.readUTF();
      if (!saved.equals(shape)) {
        throw new IllegalArgumentException("checkpoint " + file + " holds an " + model + " with " + saved
            + " but the configured model has " + shape + " (keys " + keys + "); saved config: " + described);
      }
      double[] values = new double[Math.toIntExact(in.readLong())];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readDouble();
      }
      return values;
    }
  }
}
