package dev.palisade.inspection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.mcp.JsonRpcCodec;
import dev.palisade.mcp.JsonRpcMessage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectionPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonRpcMessage message(String json) throws Exception {
    return JsonRpcCodec.classify((ObjectNode) JSON.readTree(json));
  }

  private static Exchange exchange(Direction direction, String method) {
    return new Exchange("s", direction, method, null, null, "", null, null, Instant.EPOCH);
  }

  private static Finding span(Category category, String type, String pointer, int start, int end) {
    return new Finding(category, type, Severity.HIGH, "test." + type, pointer, start, end, null, Evidence.NONE);
  }

  private static Inspector deciding(Action action, Finding... findings) {
    return (exchange, message) -> new Verdict(
        java.util.Arrays.stream(findings).map(f -> new Decision(f, action, "p", "r", true)).toList());
  }

  @Test
  void nothingFoundMeansTheSameMessagePasses() throws Exception {
    JsonRpcMessage request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    InspectionOutcome outcome = new InspectionPipeline(List.of((e, m) -> Verdict.allow()), false)
        .inspect(exchange(Direction.REQUEST, "tools/list"), request);
    assertThat(outcome.action()).isEqualTo(Action.ALLOW);
    assertThat(outcome.message()).isSameAs(request);
    assertThat(outcome.rewritten()).isFalse();
  }

  @Test
  void redactionMasksOnlyTheSpansAndKeepsTheOriginalIntact() throws Exception {
    JsonRpcMessage result = message(
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"key=AKIA1234 and tok=ghp_abc done\"}]}}");
    Inspector secrets = deciding(Action.REDACT,
        span(Category.SECRET, "aws_access_key", "/result/content/0/text", 4, 12),
        span(Category.SECRET, "github_token", "/result/content/0/text", 21, 28));
    InspectionOutcome outcome = new InspectionPipeline(List.of(secrets), false)
        .inspect(exchange(Direction.RESPONSE, "tools/call"), result);
    assertThat(outcome.action()).isEqualTo(Action.REDACT);
    assertThat(outcome.rewritten()).isTrue();
    assertThat(outcome.message().json().at("/result/content/0/text").asText())
        .isEqualTo("key=[REDACTED:aws_access_key] and tok=[REDACTED:github_token] done");
    assertThat(outcome.message().id().asInt()).isEqualTo(7);
    assertThat(result.json().at("/result/content/0/text").asText()).contains("AKIA1234");
  }

  @Test
  void overlappingRedactionsMergeIntoOneMask() throws Exception {
    JsonRpcMessage request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":{\"q\":\"abcdefghij\"}}}");
    Inspector inspector = deciding(Action.REDACT,
        span(Category.PII, "a", "/params/arguments/q", 2, 6),
        span(Category.PII, "b", "/params/arguments/q", 4, 8));
    InspectionOutcome outcome = new InspectionPipeline(List.of(inspector), false)
        .inspect(exchange(Direction.REQUEST, "tools/call"), request);
    assertThat(outcome.message().json().at("/params/arguments/q").asText()).isEqualTo("ab[REDACTED:a]ij");
  }

  @Test
  void aBlockedToolDefinitionIsWithheldFromTheListing() throws Exception {
    JsonRpcMessage listing = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":["
        + "{\"name\":\"a\"},{\"name\":\"poisoned\",\"description\":\"x\"},{\"name\":\"c\"}]}}");
    Inspector inspector = deciding(Action.BLOCK, span(Category.INJECTION, "override", "/result/tools/1/description", 0, 1));
    InspectionOutcome outcome = new InspectionPipeline(List.of(inspector), false)
        .inspect(exchange(Direction.RESPONSE, "tools/list"), listing);
    assertThat(outcome.blocked()).isFalse();
    assertThat(outcome.message().json().at("/result/tools").findValuesAsText("name")).containsExactly("a", "c");
  }

  @Test
  void aBlockOutsideAListingBlocksTheMessage() throws Exception {
    JsonRpcMessage result = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
    InspectionOutcome outcome = new InspectionPipeline(
        List.of(deciding(Action.BLOCK, Finding.ofMessage(Category.INJECTION, "override", Severity.HIGH, "r1", null, Evidence.NONE))), false)
        .inspect(exchange(Direction.RESPONSE, "tools/call"), result);
    assertThat(outcome.blocked()).isTrue();
    assertThat(outcome.blockReason()).contains("injection/override").contains("r1");
  }

  @Test
  void aRedactionThatCannotBeLocatedBlocksInstead() throws Exception {
    JsonRpcMessage result = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"n\":5}}");
    InspectionOutcome outcome = new InspectionPipeline(
        List.of(deciding(Action.REDACT, span(Category.SECRET, "k", "/result/n", 0, 1))), false)
        .inspect(exchange(Direction.RESPONSE, "tools/call"), result);
    assertThat(outcome.blocked()).isTrue();
  }

  @Test
  void monitorModeRecordsButChangesNothing() throws Exception {
    JsonRpcMessage result = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}");
    Finding finding = Finding.ofMessage(Category.INJECTION, "override", Severity.HIGH, "r1", null, Evidence.NONE);
    Inspector monitor = (e, m) -> Verdict.of(new Decision(finding, Action.BLOCK, "p", "r", false));
    InspectionOutcome outcome = new InspectionPipeline(List.of(monitor), false)
        .inspect(exchange(Direction.RESPONSE, "tools/call"), result);
    assertThat(outcome.action()).isEqualTo(Action.ALERT);
    assertThat(outcome.message()).isSameAs(result);
    assertThat(outcome.verdict().decisions()).hasSize(1);
  }

  @Test
  void aFailingInspectorBlocksUnlessFailOpenWasChosen() throws Exception {
    JsonRpcMessage request = message("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    Inspector broken = (e, m) -> {
      throw new IllegalStateException("bug");
    };
    assertThat(new InspectionPipeline(List.of(broken), false).inspect(exchange(Direction.REQUEST, "tools/list"), request).blocked())
        .isTrue();
    assertThat(new InspectionPipeline(List.of(broken), true).inspect(exchange(Direction.REQUEST, "tools/list"), request).blocked())
        .isFalse();
  }

  @Test
  void theStrongestActionWins() {
    Finding f = Finding.ofMessage(Category.PII, "email", Severity.LOW, "r", null, Evidence.NONE);
    Verdict verdict = new Verdict(List.of(new Decision(f, Action.ALERT, "p", "r", true), new Decision(f, Action.REDACT, "p", "r", true)));
    assertThat(verdict.action()).isEqualTo(Action.REDACT);
  }
}
