package dev.palisade.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Finding;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveElicitationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EvidenceFactory EVIDENCE = new EvidenceFactory(new byte[32]);

  private static List<Finding> findings(String method, String properties) throws Exception {
    JsonRpcMessage message = JsonRpcCodec.classify((ObjectNode) JSON.readTree("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + method
        + "\",\"params\":{\"message\":\"Please fill in\",\"requestedSchema\":{\"type\":\"object\",\"properties\":" + properties + "}}}"));
    return SensitiveElicitation.findings(message, EVIDENCE);
  }

  private static List<String> flagged(String properties) throws Exception {
    return findings("elicitation/create", properties).stream().map(Finding::pointer).toList();
  }

  @Test
  void fieldsThatAskForSecretsAreCredentialRequestsPointingAtTheField() throws Exception {
    List<Finding> found = findings("elicitation/create", "{\"password\":{\"type\":\"string\"},\"branch\":{\"type\":\"string\"}}");
    assertThat(found).singleElement().satisfies(f -> {
      assertThat(f.category()).isEqualTo(Category.INJECTION);
      assertThat(f.type()).isEqualTo("credential_request");
      assertThat(f.rule()).isEqualTo(SensitiveElicitation.RULE);
      assertThat(f.pointer()).isEqualTo("/params/requestedSchema/properties/password");
      assertThat(f.hasSpan()).isFalse(); // nothing to mask: the request itself is refused
    });
  }

  @Test
  void namesInAnyCaseTitlesDescriptionsAndThePasswordFormatCount() throws Exception {
    assertThat(flagged("{\"aws_secret_access_key\":{\"type\":\"string\"}}")).hasSize(1);
    assertThat(flagged("{\"cardNumber\":{\"type\":\"string\"},\"cvv\":{\"type\":\"string\"}}")).hasSize(2);
    assertThat(flagged("{\"one-time-code\":{\"type\":\"string\"}}")).hasSize(1);
    assertThat(flagged("{\"answer\":{\"type\":\"string\",\"title\":\"Your online banking PIN code\"}}")).hasSize(1);
    assertThat(flagged("{\"x\":{\"type\":\"string\",\"description\":\"the seed phrase of your wallet\"}}")).hasSize(1);
    assertThat(flagged("{\"value\":{\"type\":\"string\",\"format\":\"password\"}}")).hasSize(1);
    assertThat(flagged("{\"pin\":{\"type\":\"string\"},\"token\":{\"type\":\"string\"}}")).hasSize(2);
  }

  @Test
  void ordinaryFormsAndOtherMessagesPass() throws Exception {
    assertThat(flagged("{\"name\":{\"type\":\"string\"},\"email\":{\"type\":\"string\",\"format\":\"email\"},"
        + "\"branch\":{\"type\":\"string\",\"description\":\"Branch to deploy\"},\"max_tokens\":{\"type\":\"integer\"},"
        + "\"pin_to_top\":{\"type\":\"boolean\"},\"passengers\":{\"type\":\"integer\"}}")).isEmpty();
    assertThat(findings("tools/call", "{\"password\":{\"type\":\"string\"}}")).isEmpty();
  }

  @Test
  void fieldNamesReadAsWords() {
    assertThat(SensitiveElicitation.words("aws_secret_access_key")).isEqualTo("aws secret access key");
    assertThat(SensitiveElicitation.words("cardNumber")).isEqualTo("card Number");
    assertThat(SensitiveElicitation.words("one-time.code")).isEqualTo("one time code");
  }
}
