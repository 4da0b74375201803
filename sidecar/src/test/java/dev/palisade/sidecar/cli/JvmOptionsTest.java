package dev.palisade.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOptionsTest {

  private static String shipped() throws Exception {
    try (InputStream in = JvmOptions.class.getClassLoader().getResourceAsStream(JvmOptions.RESOURCE)) {
      assertThat(in).as(JvmOptions.RESOURCE).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@code java ARGS -version} on the JDK running the tests; returns its exit code and output. */
  private static String javaVersion(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(args);
    command.add("-version");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(JvmOptions.ENVIRONMENT);
    Process java = builder.start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return java.exitValue() + " " + output;
  }

  @Test
  void theShippedArgumentFileIsAcceptedByTheJavaLauncher(@TempDir Path dir) throws Exception {
    // an unknown or mistyped option, or one this JDK lacks, makes the JVM refuse to start
    Path file = Files.writeString(dir.resolve("jvm.options"), shipped());
    assertThat(javaVersion(List.of("@" + file))).startsWith("0 ");
  }

  @Test
  void parsingKeepsTheOptionsAndDropsTheComments() throws Exception {
    List<String> options = JvmOptions.parse(shipped());
    assertThat(options).contains("-XX:+UseSerialGC", "-Xmx256m", "-XX:+ExitOnOutOfMemoryError")
        .allSatisfy(option -> assertThat(option).startsWith("-").doesNotContain("#"));
    assertThat(javaVersion(options)).startsWith("0 ");
    assertThat(JvmOptions.parse("# a comment\n-Xmx1m -Xms1m # two on a line\n\n  -Xss1m  \n"))
        .containsExactly("-Xmx1m", "-Xms1m", "-Xss1m");
  }
}
