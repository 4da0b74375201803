package dev.palisade.detection.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.mcp.CodecLimits;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import dev.palisade.mcp.ParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Coverage-guided fuzzing of the message scanner on arbitrary JSON, parsed by the codec with the
 * sidecar's limits, as a request or as the answer to any method (tool listings included).
 *
 * <p>Invariants: it never throws; every finding names a JSON pointer that exists in the message
 * (redaction and withholding follow it: a wrong pointer masks the wrong field or nothing), and its span
 * lies inside the string scanned there: the string value, or the property name for a schema
 * property's name.
 */
class MessageScannerFuzzTest {
  private static final String[] METHODS = {"tools/call", "tools/list", "server/discover", "resources/read", "prompts/get",
      "sampling/createMessage", "initialize", null};
  private static final JsonRpcCodec CODEC = new JsonRpcCodec(CodecLimits.DEFAULTS);
  private static final ScanEngine ENGINE = DetectionEngine.scanEngine(null, ScanLimits.defaults());
  private static final MessageScanner SCANNER = DetectionEngine.messageScanner(ENGINE, new EvidenceFactory(new byte[16]));

  @FuzzTest(maxDuration = "10s")
  void findingsPointAtScannedStrings(FuzzedDataProvider data) {
    Direction direction = data.consumeBoolean() ? Direction.RESPONSE : Direction.REQUEST;
    String method = data.pickValue(METHODS);
    byte[] body = data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
    if (!(CODEC.parse(body) instanceof ParseResult.Parsed parsed)) {
      return;
    }
    for (JsonRpcMessage message : parsed.payload().messages()) {
      Exchange exchange = new Exchange("fuzz", direction, method, "tool", null, "k", null, null, Instant.EPOCH);
      for (Finding finding : SCANNER.detect(exchange, message)) {
        JsonNode node = message.json().at(JsonPointer.compile(finding.pointer()));
        assertThat(node.isMissingNode()).as("pointer %s of %s", finding.pointer(), finding.rule()).isFalse();
        int length = node.isTextual() ? node.textValue().length() : lastSegment(finding.pointer()).length();
        assertThat(finding.end()).as("span of %s at %s", finding.rule(), finding.pointer()).isLessThanOrEqualTo(length);
      }
    }
  }

  private static String lastSegment(String pointer) {
    return JsonPointer.compile(pointer).last().getMatchingProperty();
  }
}
