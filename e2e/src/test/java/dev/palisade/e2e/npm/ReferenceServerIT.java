package dev.palisade.e2e.npm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.e2e.npm.ServerEverything.Mode;
import dev.palisade.e2e.support.EmbeddedSidecar;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The npm reference server driven by the npm inspector CLI, directly and through the sidecar: every
 * answer must be the same JSON.
 */
class ReferenceServerIT {

  @ParameterizedTest
  @EnumSource(Mode.class)
  void inspectorSeesTheSameAnswersThroughTheSidecar(Mode mode) throws Exception {
    NpmPeers peers = NpmPeers.installed();
    InspectorCli inspector = new InspectorCli(peers);
    try (ServerEverything server = ServerEverything.start(peers, mode);
        EmbeddedSidecar sidecar = EmbeddedSidecar.start(server.endpoint())) {
      Map<String, Object> direct = tour(inspector, server.endpoint(), mode);
      Map<String, Object> proxied = tour(inspector, sidecar.proxied(server.endpoint()), mode);

      assertThat(direct.get("tools/call get-sum").toString()).contains("5");
      assertThat(proxied).containsOnlyKeys(direct.keySet());
      direct.forEach((step, answer) -> assertThat(proxied.get(step)).as(mode + " " + step).isEqualTo(answer));
    }
  }

  private static Map<String, Object> tour(InspectorCli inspector, URI url, Mode mode) throws Exception {
    String transport = mode.inspectorTransport;
    Map<String, Object> answers = new LinkedHashMap<>();
    answers.put("tools/list", inspector.call(url, transport, "tools/list"));
    answers.put("tools/call get-sum", inspector.call(url, transport, "tools/call", "--tool-name", "get-sum",
        "--tool-arg", "a=2", "b=3"));
    answers.put("tools/call echo", inspector.call(url, transport, "tools/call", "--tool-name", "echo",
        "--tool-arg", "message=hello through palisade"));
    answers.put("resources/list", inspector.call(url, transport, "resources/list"));
    answers.put("resources/read static", inspector.call(url, transport, "resources/read",
        "--uri", "demo://resource/static/document/features.md"));
    // a templated resource: its text carries the server's clock time, the only part allowed to differ
    answers.put("resources/read template", inspector.call(url, transport, "resources/read",
        "--uri", "demo://resource/dynamic/text/1").toString().replaceAll("\\d{1,2}:\\d{2}:\\d{2} [AP]M", "<time>"));
    answers.put("prompts/get", inspector.call(url, transport, "prompts/get", "--prompt-name", "args-prompt",
        "--prompt-args", "city=Paris", "state=TX"));
    return answers;
  }
}
