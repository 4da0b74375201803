package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  private final PolicyLoader loader = new PolicyLoader();

  private static final String FULL = """
      apiVersion: palisade.dev/v1alpha1
      kind: McpPolicy
      metadata:
        name: data-guard
      spec:
        selector:
          matchLabels: {team: data}
          matchExpressions:
            - {key: tier, operator: In, values: [prod]}
        mode: monitor
        defaultAction: alert
        rules:
          - name: block-pii-out-of-hours
            match:
              direction: response
              methods: [tools/call]
              tools: ["db_*", query]
              principals: ["agent-*"]
              schedule: {days: [sat-sun], hours: "00:00-24:00", timeZone: Europe/Berlin}
              categories: [pii]
              types: [credit_card, "iban*"]
              minSeverity: medium
            action: block
          - name: no-drop-table
            match:
              arguments:
                - {pointer: /sql, regex: "(?i)drop\\\\s+table"}
            action: block
        toolAccess:
          - principals: ["intern-*"]
            deny: ["delete_*"]
        rateLimits:
          - {name: per-agent, per: agent, requests: 10, period: 1m}
        sequences:
          - name: pii-to-mail
            within: {calls: 5, duration: 2m}
            steps:
              - {direction: response, roles: [private-data], categories: [pii]}
              - {direction: request, tools: ["send_*"], carries: tainted}
        toolRoles:
          - {tools: [crm_lookup], roles: [private-data]}
      """;

  @Test
  void readsEveryPartOfAFullResource() {
    McpPolicy policy = loader.parse("full.yaml", FULL).get(0);
    assertThat(policy.name()).isEqualTo("data-guard");
    assertThat(policy.mode()).isEqualTo(PolicyMode.MONITOR);
    assertThat(policy.defaultAction()).isEqualTo(Action.ALERT);
    assertThat(policy.selector().matches(java.util.Map.of("team", "data", "tier", "prod"))).isTrue();
    assertThat(policy.selector().matches(java.util.Map.of("team", "data", "tier", "dev"))).isFalse();
    PolicyRule rule = policy.rules().get(0);
    assertThat(rule.action()).isEqualTo(Action.BLOCK);
    assertThat(rule.match().direction()).isEqualTo(Direction.RESPONSE);
    assertThat(rule.match().tools().matches("db_customers")).isTrue();
    assertThat(rule.match().tools().matches("query")).isTrue();
    assertThat(rule.match().tools().matches("send_email")).isFalse();
    assertThat(rule.match().findings().categories()).containsExactly(Category.PII);
    assertThat(rule.match().findings().minSeverity()).isEqualTo(Severity.MEDIUM);
    assertThat(rule.match().schedule().days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(policy.rules().get(1).match().arguments()).hasSize(1);
    assertThat(policy.toolAccess().get(0).permits("delete_user")).isFalse();
    assertThat(policy.rateLimits().get(0).period()).isEqualTo(Duration.ofMinutes(1));
    assertThat(policy.sequences().get(0).steps()).hasSize(2);
    assertThat(policy.sequences().get(0).steps().get(1).carries()).isEqualTo(SequenceStep.Carries.TAINTED);
    assertThat(policy.toolRoles().get(0).roles()).containsExactly(ToolRole.PRIVATE_DATA);
  }

  @Test
  void readsBareSpecsAndSeveralDocuments(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "name: one\nrules: [{name: r, match: {categories: [secret]}, action: redact}]\n"
        + "---\nname: two\nmode: monitor\n");
    Files.writeString(dir.resolve("b.yml"), FULL);
    Files.writeString(dir.resolve("notes.txt"), "not a policy");
    List<McpPolicy> policies = loader.load(dir);
    assertThat(policies).extracting(McpPolicy::name).containsExactly("one", "two", "data-guard");
  }

  @Test
  void theBuiltinDefaultLoads() {
    McpPolicy policy = BuiltinPolicies.defaultPolicy();
    assertThat(policy.name()).isEqualTo("builtin-default");
    assertThat(policy.rules()).isNotEmpty();
    assertThat(policy.sequences()).isNotEmpty();
  }

  private void rejects(String yaml, String field, String problem) {
    assertThatThrownBy(() -> loader.parse("bad.yaml", yaml))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("bad.yaml: " + field + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void errorsNameTheFileTheFieldAndTheProblem() {
    rejects("rules: [{name: r, match: {tols: [x]}, action: block}]", "rules[0].match.tols", "unknown field");
    rejects("rules: [{name: r, action: obliterate}]", "rules[0].action", "is not one of allow, alert, redact, block");
    rejects("rules: [{name: r}]", "rules[0].action", "is required");
    rejects("rules: [{name: r, match: {categories: [piii]}, action: block}]", "rules[0].match.categories", "piii");
    rejects("rules: [{name: r, match: {arguments: [{pointer: /q, regex: '(['}]}, action: block}]",
        "rules[0].match.arguments[0].regex", "invalid regular expression");
    rejects("rules: [{name: r, match: {schedule: {timeZone: Mars/Olympus}}, action: block}]",
        "rules[0].match.schedule.timeZone", "unknown time zone");
    rejects("rules: [{name: r, match: {schedule: {hours: '9-5'}}, action: block}]", "rules[0].match.schedule.hours", "hour range");
    rejects("rules: [{name: r, match: {schedule: {days: [funday]}}, action: block}]", "rules[0].match.schedule.days", "not a day");
    rejects("rateLimits: [{name: x, requests: 5, period: soon}]", "rateLimits[0].period", "not a duration");
    rejects("rateLimits: [{name: x, requests: 0}]", "rateLimits[0].requests", "at least 1");
    rejects("rules: [{name: r, action: block}, {name: r, action: alert}]", "rules[1].name", "duplicate rule name");
    rejects("sequences: [{name: s, steps: [{direction: request}]}]", "sequences[0].steps", "at least two steps");
    rejects("mode: loud", "mode", "is not one of enforce, monitor");
    rejects("apiVersion: palisade.dev/v1alpha1\nkind: McpServer\nmetadata: {name: x}\nspec: {}", "kind", "expected McpPolicy");
    rejects("rules: [{name: r, match: {direction: sideways}, action: block}]", "rules[0].match.direction", "request, response, both");
  }

  @Test
  void invalidYamlAndDuplicatePoliciesAreRejected() {
    assertThatThrownBy(() -> loader.parse("x.yaml", "rules: [unclosed")).hasMessageStartingWith("x.yaml: not valid YAML");
    assertThatThrownBy(() -> loader.parse("x.yaml", "name: a\n---\nname: a\n")).hasMessageContaining("duplicate policy name");
  }
}
