package dev.palisade.sidecar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.integrity.TrustMode;
import dev.palisade.sidecar.config.SidecarConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProxyCommandTest {
  private static SidecarConfig parse(String... args) {
    CommandLine line = PalisadeCommand.commandLine();
    CommandLine.ParseResult parsed = line.parseArgs(args);
    ProxyCommand proxy = (ProxyCommand) parsed.subcommand().commandSpec().userObject();
    return proxy.config();
  }

  private static String errorOf(String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = PalisadeCommand.commandLine();
    line.setErr(new PrintWriter(err));
    line.getSubcommands().get("proxy").setErr(new PrintWriter(err));
    int exit = line.execute(args);
    assertThat(exit).isNotZero();
    return err.toString();
  }

  @Test
  void listenHostDefaultsToAllInterfaces() {
    SidecarConfig config = parse("proxy", "--upstream", "http://127.0.0.1:8080/mcp", "--listen", "9000");
    assertThat(config.listenHost()).isEqualTo("0.0.0.0");
    assertThat(config.listenPort()).isEqualTo(9000);
    assertThat(config.upstreamPort()).isEqualTo(8080);
    assertThat(config.trustMode()).isEqualTo(TrustMode.TRUST_ON_FIRST_USE);
    assertThat(config.auditFile()).isNull();
  }

  @Test
  void explicitHostsAndModesAreTaken() {
    SidecarConfig config = parse("proxy", "--upstream", "https://mcp.internal/mcp", "--listen", "127.0.0.1:9000",
        "--admin", "-1", "--trust-mode", "pinned", "--audit", "/tmp/audit.jsonl");
    assertThat(config.listenHost()).isEqualTo("127.0.0.1");
    assertThat(config.adminPort()).isEqualTo(-1);
    assertThat(config.upstreamTls()).isTrue();
    assertThat(config.upstreamPort()).isEqualTo(443);
    assertThat(config.trustMode()).isEqualTo(TrustMode.PINNED);
    assertThat(config.auditFile()).hasToString("/tmp/audit.jsonl");
  }

  @Test
  void badValuesAreNamedInTheError() {
    assertThat(errorOf("proxy", "--upstream", "ftp://x", "--listen", "9000")).contains("--upstream").contains("http://");
    assertThat(errorOf("proxy", "--upstream", "http://x", "--listen", "99999")).contains("--listen").contains("out of range");
    assertThat(errorOf("proxy", "--upstream", "http://x", "--listen", "host:abc")).contains("--listen");
    assertThat(errorOf("proxy", "--upstream", "http://x", "--listen", "1", "--trust-mode", "yolo")).contains("--trust-mode");
    assertThat(errorOf("proxy", "--listen", "9000")).contains("--upstream");
  }
}
