package dev.palisade.sidecar.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar's warm-up makes a class-data sharing archive that a later JVM can map. */
class WarmUpArchiveIT {
  private static final Path JAR = Path.of("target", "palisade-sidecar.jar");

  @Test
  void warmUpLeavesAnArchiveThatALaterStartMaps(@TempDir Path dir) throws Exception {
    assertThat(JAR).as("the packaged sidecar jar").exists();
    Path archive = dir.resolve("palisade.jsa");
    Run warmUp = java("-XX:ArchiveClassesAtExit=" + archive, "-jar", JAR.toString(), "warm-up", "--rounds", "2");
    assertThat(warmUp.exit()).as(warmUp.output()).isZero();
    assertThat(warmUp.output()).contains("warm-up: 16 of 16 exchanges answered");
    assertThat(archive).exists();
    assertThat(Files.size(archive)).isGreaterThan(1 << 20);
    // -Xshare:on fails the start when the archive cannot be mapped
    Run mapped = java("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=info", "-jar", JAR.toString(), "--version");
    assertThat(mapped.exit()).as(mapped.output()).isZero();
    assertThat(mapped.output()).contains("palisade-sidecar");
  }

  private record Run(int exit, String output) {}

  private static Run java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
