package dev.palisade.policy.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.policy.ToolRole;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedStepJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aStepSurvivesTheWireAndCarriesNoValues() throws Exception {
    SharedStep step = new SharedStep("system:serviceaccount:team-a:report-bot", "crm", Instant.parse("2026-11-24T10:00:00Z"),
        Direction.RESPONSE, "tools/call", "query_customers", Set.of(ToolRole.PRIVATE_DATA), Set.of(Category.PII),
        Set.of(Category.PII), new long[] {-1L, 42L}, new long[] {Long.MIN_VALUE, 7L});
    String wire = SharedStepJson.write(step).toString();
    assertThat(wire).contains("\"valueHashes\":[\"ffffffffffffffff\",\"000000000000002a\"]", "\"roles\":[\"private-data\"]");
    SharedStep back = SharedStepJson.read(JSON.readTree(wire), "events[0]");
    assertThat(back.principal()).isEqualTo(step.principal());
    assertThat(back.server()).isEqualTo("crm");
    assertThat(back.time()).isEqualTo(step.time());
    assertThat(back.direction()).isEqualTo(Direction.RESPONSE);
    assertThat(back.roles()).containsExactly(ToolRole.PRIVATE_DATA);
    assertThat(back.taint()).containsExactly(Category.PII);
    assertThat(back.valueHashes()).containsExactly(-1L, 42L);
    assertThat(back.prints()).containsExactly(Long.MIN_VALUE, 7L);
  }

  @Test
  void aBadStepIsRefusedNamingTheField() throws Exception {
    ObjectNode good = (ObjectNode) JSON.readTree("{\"principal\":\"p\",\"time\":\"2026-11-24T10:00:00Z\",\"direction\":\"request\"}");
    assertThat(SharedStepJson.read(good, "events[0]").tool()).isNull();
    assertThatThrownBy(() -> SharedStepJson.read(good.deepCopy().put("direction", "sideways"), "events[1]"))
        .hasMessage("events[1].direction: request or response");
    assertThatThrownBy(() -> SharedStepJson.read(good.deepCopy().without("principal"), "events[2]"))
        .hasMessage("events[2].principal: required");
    ObjectNode badHash = good.deepCopy();
    badHash.putArray("prints").add("not-hex-at-all!!");
    assertThatThrownBy(() -> SharedStepJson.read(badHash, "events[3]")).hasMessage("events[3].prints[0]: 16 hex digits");
    ObjectNode tooMany = good.deepCopy();
    var prints = tooMany.putArray("prints");
    for (int i = 0; i <= SharedStepJson.MAX_PRINTS; i++) {
      prints.add("0000000000000001");
    }
    assertThatThrownBy(() -> SharedStepJson.read(tooMany, "events[4]")).hasMessageContaining("at most 1024");
    ObjectNode unknownRole = good.deepCopy();
    unknownRole.putArray("roles").add("root");
    assertThatThrownBy(() -> SharedStepJson.read(unknownRole, "events[5]")).hasMessage("events[5].roles: unknown name 'root'");
    assertThatThrownBy(() -> SharedStepJson.read(good.deepCopy().put("tool", "x".repeat(513)), "events[6]"))
        .hasMessageContaining("events[6].tool");
  }
}
