package io.driftkit.core.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Everything needed to continue training exactly: steps done, Adam's counter and moments, the float64 master
 * parameters, the EMA and the history. The random stream needs no saving: step k always draws from
 * {@code run.split("train-step-" + k)}.
 */
record TrainerState(int step, long adamSteps, double[] theta, double[] m, double[] v, double[] ema,
    TrainHistory history, double seconds) {

  private static final String MAGIC = "driftkit-trainer-2";
  /** The format before the training time was kept; read with a time of 0. */
  private static final String MAGIC_1 = "driftkit-trainer-1";

  /** @param seconds training wall time up to this step, over every invocation that trained it */
  static TrainerState of(int step, Adam adam, INDArray ema, TrainHistory history, double seconds) {
    return new TrainerState(step, adam.t, adam.theta.toDoubleVector(), adam.m.clone(),
        adam.v.clone(), ema == null ? null : ema.toDoubleVector(), history.prefix(step), seconds);
  }

  void restore(Adam adam) {
    adam.theta.assign(Nd4j.createFromArray(theta));
    System.arraycopy(m, 0, adam.m, 0, adam.m.length);
    System.arraycopy(v, 0, adam.v, 0, adam.v.length);
    adam.t = adamSteps;
  }

  /** Writes to a temporary file and moves it into place, so a crash never leaves half a checkpoint. */
  void write(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeUTF(MAGIC);
      out.writeInt(step);
      out.writeLong(adamSteps);
      out.writeDouble(seconds);
      writeArray(out, theta);
      writeArray(out, m);
      writeArray(out, v);
      out.writeBoolean(ema != null);
      if (ema != null) {
        writeArray(out, ema);
      }
      writeArray(out, history.loss());
      writeArray(out, history.learningRate());
      writeArray(out, history.gradientNorm());
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static TrainerState read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      String magic = in.readUTF();
      if (!MAGIC.equals(magic) && !MAGIC_1.equals(magic)) {
        throw new IllegalArgumentException(file + " is not a driftkit trainer checkpoint");
      }
      int step = in.readInt();
      long adamSteps = in.readLong();
      double seconds = MAGIC.equals(magic) ? in.readDouble() : 0;
      double[] theta = readArray(in);
      double[] m = readArray(in);
      double[] v = readArray(in);
      double[] ema = in.readBoolean() ? readArray(in) : null;
      TrainHistory history = new TrainHistory(readArray(in), readArray(in), readArray(in));
      return new TrainerState(step, adamSteps, theta, m, v, ema, history, seconds);
    }
  }

  private static void writeArray(DataOutputStream out, double[] a) throws IOException {
    out.writeInt(a.length);
    for (double x : a) {
      out.writeDouble(x);
    }
  }

  private static double[] readArray(DataInputStream in) throws IOException {
    int n = in.readInt();
    // a damaged length must not allocate gigabytes before the read fails
    if (n < 0 || n > (1 << 27)) {
      throw new IllegalArgumentException("an array of " + n + " values cannot be in this file");
    }
    double[] a = new double[n];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readDouble();
    }
    return a;
  }
}
