package dev.palisade.policy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.palisade.inspection.Action;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.inspection.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads policy documents: YAML files (one or several documents each, a directory of them) holding
 * either full {@code McpPolicy} resources or bare specs. Everything is validated before anything is
 * returned, so a bad document never half-applies; errors name the file, the field and the problem.
 */
public final class PolicyLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String API_VERSION = "palisade.dev/v1alpha1";

  /** Every policy in a file or in the *.yaml / *.yml files of a directory (sorted by name). */
  public List<McpPolicy> load(Path path) {
    List<McpPolicy> policies = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.list(path)) {
        for (Path file : files.filter(PolicyLoader::isYaml).sorted().toList()) {
          policies.addAll(loadFile(file));
        }
      } catch (IOException e) {
        throw new PolicyException(path.toString(), "", "cannot list directory: " + e.getMessage());
      }
    } else {
      policies.addAll(loadFile(path));
    }
    requireUniqueNames(policies, path.toString());
    return policies;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private List<McpPolicy> loadFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new PolicyException(file.toString(), "", "cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Every policy in a YAML text; {@code source} names it in errors. */
  public List<McpPolicy> parse(String source, String yaml) {
    List<McpPolicy> policies = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int index = 0;
      while (documents.hasNextValue()) {
        JsonNode document = documents.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          policies.add(document(source, index, document));
        }
        index++;
      }
    } catch (IOException e) {
      throw new PolicyException(source, "", "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    requireUniqueNames(policies, source);
    return policies;
  }

  /** One policy from an already parsed resource or spec (the operator passes McpPolicy objects here). */
  public McpPolicy fromResource(String source, JsonNode resource) {
    return document(source, 0, resource);
  }

  private McpPolicy document(String source, int index, JsonNode document) {
    PolicyNode root = new PolicyNode(source, "", document);
    if (root.has("kind") || root.has("apiVersion")) {
      root.allowOnly(Set.of("apiVersion", "kind", "metadata", "spec", "status"));
      if (!"McpPolicy".equals(root.get("kind").text(null))) {
        throw root.get("kind").error("expected McpPolicy");
      }
      if (!API_VERSION.equals(root.get("apiVersion").text(null))) {
        throw root.get("apiVersion").error("expected " + API_VERSION);
      }
      String name = root.get("metadata").get("name").requiredText();
      return spec(name, root.get("spec"));
    }
    // a bare spec may carry its name at the top
    String name = root.get("name").text("policy-" + index);
    return spec(name, root);
  }

  private McpPolicy spec(String name, PolicyNode spec) {
    spec.allowOnly(Set.of("name", "selector", "mode", "defaultAction", "rules", "toolAccess", "rateLimits", "sequences", "toolRoles"));
    LabelSelector selector = selector(spec.get("selector"));
    PolicyMode mode = spec.get("mode").enumValue(PolicyMode.class, PolicyMode.ENFORCE, PolicyNode::wireEnum);
    Action defaultAction = spec.get("defaultAction").enumValue(Action.class, Action.ALLOW, PolicyNode::wireEnum);
    List<PolicyRule> rules = new ArrayList<>();
    Set<String> ruleNames = new HashSet<>();
    for (PolicyNode rule : spec.get("rules").list()) {
      rule.allowOnly(Set.of("name", "match", "action"));
      String ruleName = rule.get("name").requiredText();
      if (!ruleNames.add(ruleName)) {
        throw rule.get("name").error("duplicate rule name '" + ruleName + "'");
      }
      Action action = rule.get("action").enumValue(Action.class, null, PolicyNode::wireEnum);
      if (action == null) {
        throw rule.get("action").error("is required");
      }
      rules.add(new PolicyRule(ruleName, match(rule.get("match")), action));
    }
    List<ToolAccessRule> access = new ArrayList<>();
    for (PolicyNode entry : spec.get("toolAccess").list()) {
      entry.allowOnly(Set.of("principals", "agents", "allow", "deny"));
      if (!entry.has("allow") && !entry.has("deny")) {
        throw entry.error("needs allow or deny");
      }
      access.add(new ToolAccessRule(entry.get("principals").globs(), entry.get("agents").globs(),
          entry.get("allow").globs(), entry.get("deny").globs()));
    }
    List<RateLimit> limits = new ArrayList<>();
    for (PolicyNode limit : spec.get("rateLimits").list()) {
      limit.allowOnly(Set.of("name", "per", "principals", "tools", "methods", "requests", "period", "burst"));
      int requests = limit.get("requests").integer(0, 1);
      if (requests == 0) {
        throw limit.get("requests").error("is required");
      }
      limits.add(new RateLimit(limit.get("name").requiredText(),
          limit.get("per").enumValue(RateLimit.Scope.class, RateLimit.Scope.AGENT, PolicyLoader::scope),
          limit.get("principals").globs(), limit.get("tools").globs(),
          limit.has("methods") ? limit.get("methods").globs() : GlobSet.of("tools/call"),
          requests, limit.get("period").duration(Duration.ofMinutes(1)), limit.get("burst").integer(requests, 1)));
    }
    List<SequenceRule> sequences = new ArrayList<>();
    for (PolicyNode sequence : spec.get("sequences").list()) {
      sequences.add(sequence(sequence));
    }
    List<ToolRoleOverride> roles = new ArrayList<>();
    for (PolicyNode override : spec.get("toolRoles").list()) {
      override.allowOnly(Set.of("tools", "roles"));
      roles.add(new ToolRoleOverride(override.get("tools").globs(), roleSet(override.get("roles"))));
    }
    return new McpPolicy(name, selector, mode, defaultAction, rules, access, limits, sequences, roles);
  }

  private static RateLimit.Scope scope(Class<RateLimit.Scope> type, String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "agent", "principal" -> RateLimit.Scope.AGENT;
      case "tool" -> RateLimit.Scope.TOOL;
      case "agent-tool", "agent+tool" -> RateLimit.Scope.AGENT_TOOL;
      default -> throw new IllegalArgumentException(text);
    };
  }

  private RuleMatch match(PolicyNode match) {
    match.allowOnly(Set.of("direction", "methods", "tools", "principals", "agents", "schedule", "categories", "types",
        "minSeverity", "arguments"));
    Direction direction = direction(match.get("direction"));
    Set<Category> categories = categories(match.get("categories"));
    Severity minSeverity = match.get("minSeverity").enumValue(Severity.class, null, PolicyNode::wireEnum);
    List<ArgumentPredicate> arguments = new ArrayList<>();
    for (PolicyNode argument : match.get("arguments").list()) {
      argument.allowOnly(Set.of("pointer", "glob", "regex"));
      String pointer = argument.get("pointer").requiredText();
      JsonPointer compiled;
      try {
        compiled = JsonPointer.compile(pointer);
      } catch (IllegalArgumentException e) {
        throw argument.get("pointer").error("not a JSON pointer: " + e.getMessage());
      }
      Glob glob = argument.has("glob") ? argument.get("glob").globs().globs().get(0) : null;
      Pattern regex = null;
      if (argument.has("regex")) {
        try {
          regex = Pattern.compile(argument.get("regex").requiredText());
        } catch (PatternSyntaxException e) {
          throw argument.get("regex").error("invalid regular expression (re2j syntax): " + e.getDescription());
        }
      }
      if (glob == null && regex == null) {
        throw argument.error("needs glob or regex");
      }
      arguments.add(new ArgumentPredicate(compiled, glob, regex));
    }
    return new RuleMatch(direction, match.get("methods").globs(), match.get("tools").globs(),
        match.get("principals").globs(), match.get("agents").globs(), schedule(match.get("schedule")),
        new FindingCriteria(categories, match.get("types").globs(), minSeverity), arguments);
  }

  private static Direction direction(PolicyNode node) {
    String text = node.text("both").trim().toLowerCase(java.util.Locale.ROOT);
    return switch (text) {
      case "both" -> null;
      case "request" -> Direction.REQUEST;
      case "response" -> Direction.RESPONSE;
      default -> throw node.error("'" + text + "' is not one of request, response, both");
    };
  }

  private static Set<Category> categories(PolicyNode node) {
    Set<Category> categories = EnumSet.noneOf(Category.class);
    for (String text : node.missing() ? List.<String>of() : node.texts()) {
      try {
        categories.add(Category.fromWireName(text));
      } catch (IllegalArgumentException e) {
        throw node.error("'" + text + "' is not a finding category (injection, shadowing, hidden-text, pii, secret, "
            + "exfiltration, integrity, schema, rate)");
      }
    }
    return categories;
  }

  private static Set<ToolRole> roleSet(PolicyNode node) {
    Set<ToolRole> roles = EnumSet.noneOf(ToolRole.class);
    for (String text : node.missing() ? List.<String>of() : node.texts()) {
      try {
        roles.add(ToolRole.fromWireName(text));
      } catch (IllegalArgumentException e) {
        throw node.error("'" + text + "' is not a tool role (private-data, untrusted-content, external-sink)");
      }
    }
    return roles;
  }

  private static Schedule schedule(PolicyNode node) {
    if (node.missing()) {
      return null;
    }
    node.allowOnly(Set.of("days", "hours", "timeZone"));
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String text : node.get("days").missing() ? List.of("mon-sun") : node.get("days").texts()) {
      days.addAll(dayRange(node.get("days"), text));
    }
    LocalTime from = LocalTime.MIDNIGHT;
    LocalTime to = LocalTime.MIDNIGHT;
    String hours = node.get("hours").text(null);
    if (hours != null) {
      String[] range = hours.split("-");
      try {
        if (range.length != 2) {
          throw new DateTimeParseException("", hours, 0);
        }
        from = LocalTime.parse(range[0].trim());
        to = "24:00".equals(range[1].trim()) ? LocalTime.MIDNIGHT : LocalTime.parse(range[1].trim());
      } catch (DateTimeParseException e) {
        throw node.get("hours").error("'" + hours + "' is not an hour range like 09:00-17:30");
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(node.get("timeZone").text("UTC"));
    } catch (DateTimeException e) {
      throw node.get("timeZone").error("unknown time zone (use an IANA name such as Europe/Berlin)");
    }
    return new Schedule(days, from, to, zone);
  }

  private static Set<DayOfWeek> dayRange(PolicyNode node, String text) {
    String[] range = text.trim().toLowerCase(java.util.Locale.ROOT).split("-");
    DayOfWeek first = day(node, range[0]);
    DayOfWeek last = range.length > 1 ? day(node, range[1]) : first;
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (DayOfWeek d = first; ; d = d.plus(1)) {
      days.add(d);
      if (d == last) {
        return days;
      }
    }
  }

  private static DayOfWeek day(PolicyNode node, String text) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().toLowerCase(java.util.Locale.ROOT).startsWith(text.trim()) && text.trim().length() >= 3) {
        return day;
      }
    }
    throw node.error("'" + text + "' is not a day (mon, tue, ... or a range like mon-fri)");
  }

  private SequenceRule sequence(PolicyNode sequence) {
    sequence.allowOnly(Set.of("name", "steps", "within", "action"));
    String name = sequence.get("name").requiredText();
    List<SequenceStep> steps = new ArrayList<>();
    for (PolicyNode step : sequence.get("steps").list()) {
      step.allowOnly(Set.of("direction", "methods", "tools", "roles", "categories", "carries"));
      Direction direction = direction(step.get("direction"));
      SequenceStep.Carries carries = switch (step.get("carries").text("nothing-required").trim()) {
        case "nothing-required" -> SequenceStep.Carries.NOTHING_REQUIRED;
        case "tainted", "tainted-data" -> SequenceStep.Carries.TAINTED;
        case "any", "any-data" -> SequenceStep.Carries.ANY;
        default -> throw step.get("carries").error("expected tainted or any");
      };
      steps.add(new SequenceStep(direction, step.get("methods").globs(), step.get("tools").globs(),
          roleSet(step.get("roles")), categories(step.get("categories")), carries));
    }
    if (steps.size() < 2) {
      throw sequence.get("steps").error("a sequence needs at least two steps");
    }
    PolicyNode within = sequence.get("within");
    within.allowOnly(Set.of("calls", "duration"));
    int calls = within.get("calls").integer(20, 2);
    Duration time = within.get("duration").duration(Duration.ofMinutes(10));
    Action action = sequence.get("action").enumValue(Action.class, Action.BLOCK, PolicyNode::wireEnum);
    return new SequenceRule(name, steps, calls, time, action);
  }

  private static LabelSelector selector(PolicyNode node) {
    if (node.missing()) {
      return LabelSelector.EVERYTHING;
    }
    node.allowOnly(Set.of("matchLabels", "matchExpressions"));
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode raw = node.get("matchLabels").raw();
    if (!raw.isMissingNode() && !raw.isNull()) {
      if (!raw.isObject()) {
        throw node.get("matchLabels").error("expected a mapping of label to value");
      }
      raw.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }
    List<LabelSelector.Requirement> requirements = new ArrayList<>();
    for (PolicyNode expression : node.get("matchExpressions").list()) {
      expression.allowOnly(Set.of("key", "operator", "values"));
      LabelSelector.Operator operator = switch (expression.get("operator").requiredText()) {
        case "In" -> LabelSelector.Operator.IN;
        case "NotIn" -> LabelSelector.Operator.NOT_IN;
        case "Exists" -> LabelSelector.Operator.EXISTS;
        case "DoesNotExist" -> LabelSelector.Operator.DOES_NOT_EXIST;
        default -> throw expression.get("operator").error("expected In, NotIn, Exists or DoesNotExist");
      };
      requirements.add(new LabelSelector.Requirement(expression.get("key").requiredText(), operator,
          expression.get("values").missing() ? List.of() : expression.get("values").texts()));
    }
    return new LabelSelector(labels, requirements);
  }

  private static void requireUniqueNames(List<McpPolicy> policies, String source) {
    Set<String> names = new HashSet<>();
    for (McpPolicy policy : policies) {
      if (!names.add(policy.name())) {
        throw new PolicyException(source, "metadata.name", "duplicate policy name '" + policy.name() + "'");
      }
    }
  }
}
