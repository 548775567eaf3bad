package io.driftkit.core.provenance;

import io.driftkit.api.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A data file a run read, with the SHA-256 of its bytes.
 *
 * @param source the file's absolute path, or {@code JAR!/ENTRY} for a resource shipped in a jar
 * @param sha256 lower-case hex
 */
public record DataFile(String source, String sha256) {

  /**
   * Hashes a file.
   *
   * @param reader who reads it, for the message when it cannot be read
   * @throws ConfigException when the file is missing or unreadable
   */
  public static DataFile of(Path file, String reader) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new ConfigException("data file '" + file + "' (read by " + reader + ") does not exist");
    }
    try (InputStream in = Files.newInputStream(absolute)) {
      return new DataFile(absolute.toString(), sha256(in));
    } catch (IOException e) {
      throw new ConfigException("data file '" + file + "' (read by " + reader + ") cannot be read: "
          + e.getMessage(), e);
    }
  }

  /**
   * Hashes a resource (a {@code file:} or {@code jar:} URL).
   *
   * @throws ConfigException when it cannot be read
   */
  public static DataFile of(URL resource, String reader) {
    try (InputStream in = resource.openStream()) {
      return new DataFile(describe(resource), sha256(in));
    } catch (IOException e) {
      throw new ConfigException("data resource " + resource + " (read by " + reader + ") cannot be read: "
          + e.getMessage(), e);
    }
  }

  private static String describe(URL resource) {
    try {
      if ("file".equals(resource.getProtocol())) {
        return Path.of(resource.toURI()).toString();
      }
      if ("jar".equals(resource.getProtocol())) {
        JarURLConnection jar = (JarURLConnection) resource.openConnection();
        URL file = jar.getJarFileURL();
        String jarName = "file".equals(file.getProtocol()) ? Path.of(file.toURI()).toString() : file.toString();
        return jarName + "!/" + jar.getEntryName();
      }
    } catch (IOException | URISyntaxException | IllegalArgumentException e) {
      // fall through to the URL itself: still names the resource
    }
    return resource.toString();
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    try (DigestInputStream d = new DigestInputStream(in, digest)) {
      d.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
