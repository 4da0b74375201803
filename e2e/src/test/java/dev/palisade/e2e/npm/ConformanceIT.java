package dev.palisade.e2e.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.e2e.npm.ServerEverything.Mode;
import dev.palisade.e2e.support.EmbeddedSidecar;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance suite's server scenarios against the npm reference server, directly and
 * through the sidecar. The reference server lacks the suite's fixtures and fails many scenarios on
 * its own; what matters is that every scenario ends the same way through the sidecar.
 */
class ConformanceIT {

  @Test
  void everyScenarioEndsTheSameThroughTheSidecar() throws Exception {
    NpmPeers peers = NpmPeers.installed();
    ConformanceSuite suite = new ConformanceSuite(peers);
    try (ServerEverything server = ServerEverything.start(peers, Mode.STREAMABLE_HTTP);
        EmbeddedSidecar sidecar = EmbeddedSidecar.start(server.endpoint())) {
      Map<String, Boolean> direct = suite.run(server.endpoint(), "direct");
      Map<String, Boolean> proxied = suite.run(sidecar.proxied(server.endpoint()), "sidecar");

      assertThat(direct).as("scenarios run directly").hasSizeGreaterThanOrEqualTo(20)
          .containsEntry("server-initialize", true).containsEntry("tools-list", true);
      assertThat(proxied).isEqualTo(direct);
    }
  }
}
