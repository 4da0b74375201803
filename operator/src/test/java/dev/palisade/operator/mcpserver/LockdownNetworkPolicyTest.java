package dev.palisade.operator.mcpserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.crds.mcpserver.McpServer;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Golden file: the NetworkPolicy lockdown wants ({@code -Dpalisade.updateGolden=true} rewrites it). */
class LockdownNetworkPolicyTest {
  private static final Path GOLDEN = Path.of("src/test/resources/lockdown/weather.networkpolicy.yaml");

  @Test
  void admitsOnlyTheSidecarsPortsOnTheServersPods() throws Exception {
    McpServer server = new McpServer("weather", null);
    server.getMetadata().setNamespace("team-a");
    server.getMetadata().setUid("0b9a6f1e-1111-2222-3333-444455556666");

    String yaml = Serialization.asYaml(LockdownNetworkPolicy.desired(server,
        new LabelSelectorBuilder().addToMatchLabels("app", "weather").build(),
        new LockdownNetworkPolicy.SidecarPorts(15090, 15091)));

    if (Boolean.getBoolean("palisade.updateGolden")) {
      Files.writeString(GOLDEN, yaml);
    }
    assertThat(yaml).isEqualTo(Files.readString(GOLDEN));
  }
}
