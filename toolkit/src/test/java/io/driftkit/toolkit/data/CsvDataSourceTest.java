package io.driftkit.toolkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.driftkit.api.RandomSource;
import io.driftkit.api.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsvDataSourceTest {

  @Test
  void readsSamplesAndDrawsBatchesFromThem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("d.csv"), "x0,x1\n1,2\n3,4\n\n5,6\n");
    CsvDataSource data = CsvDataSource.read(file, 2, "method.data-file");
    assertThat(data.size()).isEqualTo(3);
    INDArray batch = data.batch(50, new RandomSource(1));
    assertThat(batch.shape()).containsExactly(50, 2);
    for (int i = 0; i < 50; i++) {
      assertThat(batch.getDouble(i, 1) - batch.getDouble(i, 0)).isEqualTo(1.0);
    }
  }

  @Test
  void wrongDimensionTextAndMissingFilesNameTheKey(@TempDir Path dir) throws Exception {
    Path wide = Files.writeString(dir.resolve("w.csv"), "x0,x1,x2\n1,2,3\n");
    assertThatThrownBy(() -> CsvDataSource.read(wide, 2, "method.data-file")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.data-file").hasMessageContaining("3 columns").hasMessageContaining("dimension 2");
    Path text = Files.writeString(dir.resolve("t.csv"), "x0,x1\n1,2\n3,abc\n");
    assertThatThrownBy(() -> CsvDataSource.read(text, 2, "method.data-file")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 3 column 2").hasMessageContaining("'abc' is not a number");
    assertThatThrownBy(() -> CsvDataSource.read(dir.resolve("none.csv"), 2, "method.data-file"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    Path nan = Files.writeString(dir.resolve("n.csv"), "x0,x1\n1,2\nNaN,4\n");
    assertThatThrownBy(() -> CsvDataSource.read(nan, 2, "method.rho1")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.rho1").hasMessageContaining("line 3 column 1 is not finite");
  }

  /** A header other than x0,x1,...: another format, or no header at all (whose first sample would vanish). */
  @Test
  void headerMustNameTheCoordinates(@TempDir Path dir) throws Exception {
    Path noHeader = Files.writeString(dir.resolve("h.csv"), "0.5,1.5\n1,2\n");
    assertThatThrownBy(() -> CsvDataSource.read(noHeader, 2, "method.rho0")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("method.rho0").hasMessageContaining("header '0.5,1.5'")
        .hasMessageContaining("expected x0,x1");
    Path named = Files.writeString(dir.resolve("y.csv"), "x,y\n1,2\n");
    assertThatThrownBy(() -> CsvDataSource.read(named, 2, "method.rho0")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("header 'x,y'");
    assertThat(CsvDataSource.read(Files.writeString(dir.resolve("ok.csv"), "x0, x1\n1,2\n"), 2, "k").size())
        .isEqualTo(1);
  }

  @Test
  void splitKeepsTheLastRowsOut(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("x0\n");
    for (int i = 0; i < 20; i++) {
      csv.append(i).append('\n');
    }
    CsvDataSource[] parts = CsvDataSource.read(Files.writeString(dir.resolve("d.csv"), csv), 1, "k").split(0.1);
    assertThat(parts[0].size()).isEqualTo(18);
    assertThat(parts[1].all().toDoubleVector()).containsExactly(18, 19);
    assertThat(parts[0].batch(200, new RandomSource(2)).maxNumber().doubleValue()).isEqualTo(17.0);
  }
}
