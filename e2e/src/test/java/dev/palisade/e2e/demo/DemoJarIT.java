package dev.palisade.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.e2e.support.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's demo command: the shaded demo jar drives the real sidecar jar and exits 0. */
class DemoJarIT {

  @Test
  void demoJarRunsTheRugPullScenarioThroughTheSidecarJar() throws Exception {
    Path demoJar = Path.of(System.getProperty("palisade.e2e.demoJar")).toAbsolutePath().normalize();
    Path sidecarJar = Path.of(System.getProperty("palisade.e2e.sidecarJar")).toAbsolutePath().normalize();
    Path output = WorkDirs.create("demo").resolve("demo-output.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demo = new ProcessBuilder(List.of(java, "-Dpalisade.sidecar.jar=" + sidecarJar, "-jar", demoJar.toString()))
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();

    boolean finished = demo.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      demo.destroyForcibly(); // never leave the demo (and its sidecar) running past the test
    }
    assertThat(finished).as("the demo finishes").isTrue();
    String report = Files.readString(output);
    assertThat(demo.exitValue()).as(report).isZero();
    assertThat(report)
        .contains("every step behaved as a protected session should")
        .containsPattern("list tools again\\s+WITHHELD")
        .containsPattern("daily_digest\\(topic=standup\\) again\\s+BLOCKED")
        .contains("JSON-RPC error -32050")
        .contains("\"type\":\"tool_withheld\"")
        .containsPattern("is add_numbers offered\\?\\s+WITHHELD")
        .containsPattern("get_deploy_config\\(service=billing\\)\\s+REDACTED")
        .contains("AWS_ACCESS_KEY_ID=[REDACTED:aws_access_key]")
        .contains("exfiltration/toxic_flow")
        .contains("exfiltration/bulk_extraction")
        .contains("injection/instruction_override")
        .contains("\"enforced\":false");
    // the audit log never holds the key, in enforce or monitor mode (the monitor-mode agent does see it)
    assertThat(report.lines().filter(line -> line.contains("{\"time\"")))
        .isNotEmpty().noneMatch(line -> line.contains("AKIAZ7QXW2LPVB4NM3KD"));
  }
}
