package dev.palisade.sidecar.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Decision;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.inspection.Exchange;
import dev.palisade.inspection.Finding;
import dev.palisade.inspection.Severity;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLinesAuditLogTest {
  private static final String SECRET = "AKIAZ7QXW2LPVB4NM3KD";

  @Test
  void aDecisionBecomesOneJsonLineWithoutTheMatchedValue() throws Exception {
    EvidenceFactory evidence = new EvidenceFactory("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    Finding finding = new Finding(Category.SECRET, "aws_access_key", Severity.CRITICAL, "secret.aws-access-key",
        "/result/content/0/text", 10, 30, "get_config", evidence.of(Category.SECRET, SECRET));
    Exchange exchange = new Exchange("weather", Direction.RESPONSE, "tools/call", "get_config", IntNode.valueOf(4),
        "mcp-session:abc", "agent-1", "2025-11-25", Instant.parse("2026-11-24T10:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesAuditLog log = JsonLinesAuditLog.toStream(out);
    log.record(AuditRecord.of(exchange, new Decision(finding, Action.REDACT, "builtin-default", "redact-secrets", true)));
    log.close();

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n").doesNotContain(SECRET).doesNotContain("Z7QXW2");
    JsonNode line = new ObjectMapper().readTree(text);
    assertThat(line.path("action").asText()).isEqualTo("redact");
    assertThat(line.path("category").asText()).isEqualTo("secret");
    assertThat(line.path("type").asText()).isEqualTo("aws_access_key");
    assertThat(line.path("server").asText()).isEqualTo("weather");
    assertThat(line.path("session").asText()).isEqualTo("mcp-session:abc");
    assertThat(line.path("requestId").asText()).isEqualTo("4");
    assertThat(line.at("/evidence/excerpt").asText()).startsWith("AKIA").contains("(20)");
    assertThat(line.at("/evidence/hash").asText()).hasSize(32).isEqualTo(evidence.hash(SECRET));
  }

  @Test
  void refusalsByTheProxyAreRecordedWithTheirReason() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    JsonLinesAuditLog log = JsonLinesAuditLog.toStream(out);
    Exchange exchange = new Exchange("s", Direction.REQUEST, null, null, null, "", null, null, Instant.EPOCH);
    log.record(AuditRecord.refusal(Instant.EPOCH, "s", exchange, "request body larger than 10 bytes"));
    log.close();
    JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(line.path("action").asText()).isEqualTo("block");
    assertThat(line.path("reason").asText()).contains("larger than");
    assertThat(line.path("principal").asText()).isEqualTo("anonymous");
  }
}
