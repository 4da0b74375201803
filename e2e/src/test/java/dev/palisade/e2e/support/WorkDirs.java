package dev.palisade.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scratch directories under the build directory (passed in by failsafe), never in the source tree. */
public final class WorkDirs {
  private WorkDirs() {}

  public static Path create(String prefix) throws IOException {
    Path root = Path.of(System.getProperty("palisade.e2e.workDir", "target/e2e-work"));
    Files.createDirectories(root);
    return Files.createTempDirectory(root, prefix + "-");
  }
}
