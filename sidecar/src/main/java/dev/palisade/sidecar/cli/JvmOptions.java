package dev.palisade.sidecar.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The JVM options and environment the sidecar is meant to run with. The options ship in the jar as
 * a java launcher argument file ({@value #RESOURCE}, which says why each is there), so whoever starts
 * the sidecar, the injected container or the benchmark, can use the very same ones.
 */
public final class JvmOptions {
  public static final String RESOURCE = "dev/palisade/sidecar/jvm.options";

  /**
   * glibc's malloc keeps up to eight arenas per core, one per thread that allocates, and rarely
   * gives their memory back; two are plenty for a sidecar's few threads.
   */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  private JvmOptions() {}

  /** The options shipped in the sidecar jar at {@code jar}. */
  public static List<String> of(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry(RESOURCE);
      if (entry == null) {
        throw new IOException(jar + " has no " + RESOURCE);
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  /** The options of an argument file: whitespace-separated, {@code #} comments to the end of the line. */
  static List<String> parse(String argumentFile) {
    List<String> options = new ArrayList<>();
    for (String line : argumentFile.split("\n")) {
      int comment = line.indexOf('#');
      String content = comment < 0 ? line : line.substring(0, comment);
      for (String option : content.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          options.add(option);
        }
      }
    }
    return List.copyOf(options);
  }
}
