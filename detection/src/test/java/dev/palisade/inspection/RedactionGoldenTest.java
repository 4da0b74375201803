package dev.palisade.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.palisade.detection.engine.DetectionEngine;
import dev.palisade.detection.engine.ScanEngine;
import dev.palisade.detection.engine.ScanLimits;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.mcp.JsonRpcMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for redaction, discovered automatically: {@code redaction/NAME.input.json} holds the
 * exchange context, the message and, optionally, explicit findings (otherwise the engine finds them);
 * {@code NAME.redacted.json} is the message the pipeline must pass on. Adding a case is adding two files.
 */
class RedactionGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ScanEngine ENGINE = DetectionEngine.scanEngine(null, ScanLimits.defaults());
  private static final EvidenceFactory EVIDENCE = new EvidenceFactory(new byte[16]);

  @TestFactory
  Stream<DynamicTest> redactedMessagesMatchTheirGoldenFiles() throws IOException, URISyntaxException {
    Path dir = Path.of(RedactionGoldenTest.class.getClassLoader().getResource("redaction").toURI());
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(f -> f.getFileName().toString().endsWith(".input.json")).sorted().toList();
    }
    assertThat(inputs).isNotEmpty();
    return inputs.stream().map(input -> DynamicTest.dynamicTest(input.getFileName().toString(), () -> check(input)));
  }

  private static void check(Path input) throws IOException {
    JsonNode golden = JSON.readTree(input.toFile());
    JsonRpcMessage message = JsonRpcCodec.classify(golden.get("message"));
    assertThat(message).as("a JSON-RPC message").isNotNull();
    Exchange exchange = new Exchange("golden", Direction.valueOf(golden.path("direction").asText().toUpperCase(Locale.ROOT)),
        golden.path("method").asText(null), golden.path("target").asText(null), message.id(), "s", null, null, Instant.EPOCH);
    Detector detector = golden.has("findings") ? explicit(golden.get("findings"))
        : DetectionEngine.messageScanner(ENGINE, EVIDENCE);
    InspectionPipeline pipeline = new InspectionPipeline(List.of(new DetectionInspector(detector, PolicyEngine.withBuiltinDefault(java.time.Clock.systemUTC()))), false);
    InspectionOutcome outcome = pipeline.inspect(exchange, message);
    Path expectedFile = input.resolveSibling(input.getFileName().toString().replace(".input.json", ".redacted.json"));
    JsonNode expected = JSON.readTree(expectedFile.toFile());
    assertThat(outcome.blocked()).as("redaction, not a block").isFalse();
    assertThat(outcome.message().json()).as(expectedFile.getFileName().toString()).isEqualTo(expected);
    // the rest of the JSON-RPC shape is untouched: same id, still a valid message of the same kind
    assertThat(JsonRpcCodec.classify(outcome.message().json())).isInstanceOf(message.getClass());
    assertThat(outcome.message().json().get("id")).isEqualTo(message.json().get("id"));
  }

  private static Detector explicit(JsonNode findings) {
    List<Finding> list = new ArrayList<>();
    for (JsonNode f : findings) {
      list.add(new Finding(Category.SECRET, f.path("type").asText(), Severity.HIGH, "golden", f.path("pointer").asText(),
          f.path("start").asInt(), f.path("end").asInt(), null, Evidence.NONE));
    }
    return (exchange, message) -> list;
  }
}
