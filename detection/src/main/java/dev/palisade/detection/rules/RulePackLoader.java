package dev.palisade.detection.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.palisade.detection.validate.Validators;
import dev.palisade.startup.BackgroundBuild;
import dev.palisade.inspection.Category;
import dev.palisade.inspection.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Loads rule packs: the defaults shipped on the classpath ({@code palisade/rules/*.yaml}, from
 * {@code config/rules/} in the repository), optionally overridden by a directory of files (a file
 * with a default's name replaces it; other files add to it). A broken file fails the whole load
 * with a {@link RuleFileException} naming the file, the rule and the field.
 */
public final class RulePackLoader {
  /** The packs shipped on the classpath, in load order. */
  public static final List<String> DEFAULT_PACKS =
      List.of("injection.yaml", "shadowing.yaml", "hidden-text.yaml", "exfiltration.yaml", "secrets.yaml", "pii.yaml");

  private static final String CLASSPATH_DIR = "palisade/rules/";
  /** Default reach of a rule around its keyword: longer matches need an explicit maxLength. */
  public static final int DEFAULT_MAX_LENGTH = 400;
  private static final Set<String> RULE_FIELDS = Set.of("id", "category", "type", "severity", "description", "regex",
      "keywords", "near", "minDigits", "maxLength", "group", "validator", "minEntropy", "allowlist", "views", "examples");
  private static final Set<String> PACK_FIELDS = Set.of("pack", "description", "defaults", "allowlist", "rules");

  /** Made on first use: the shipped packs are read from their compiled JSON, see {@link CompiledPacks}. */
  private volatile ObjectMapper yaml;
  private final Validators validators;

  public RulePackLoader(Validators validators) {
    this.validators = validators;
  }

  /** The classpath defaults only. */
  public RuleSet loadDefaults() {
    return load(null);
  }

  /** Defaults overridden by the {@code *.yaml} files of {@code overrides} (may be null). */
  public RuleSet load(Path overrides) {
    Map<String, PackText> texts = new LinkedHashMap<>();
    CompiledPacks compiled = CompiledPacks.from(RulePackLoader.class.getClassLoader());
    for (String pack : DEFAULT_PACKS) {
      texts.put(pack, compiled.fresh(pack)
          ? new PackText(compiled.sourceLength(pack), null, () -> compiled.tree(pack))
          : PackText.yaml(classpathText(pack)));
    }
    if (overrides != null) {
      try (Stream<Path> files = Files.list(overrides)) {
        for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
          texts.put(file.getFileName().toString(), PackText.yaml(Files.readString(file)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read rule directory " + overrides, e);
      }
    }
    Map<String, List<Rule>> parsed = parseAll(texts);
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    parsed.forEach((file, packRules) -> {
      for (Rule rule : packRules) {
        if (!ids.add(rule.id())) {
          throw new RuleFileException(file, rule.id(), "id", "duplicate rule id");
        }
        rules.add(rule);
      }
    });
    return new RuleSet(rules);
  }

  /**
   * Parses every pack, in file order. The largest (the injection pack, half of the text) is parsed
   * on a second thread while this one parses the rest: loading the packs is the longest step of a
   * sidecar's start. When several files are broken, the first in file order is reported, as a
   * sequential load would.
   */
  private Map<String, List<Rule>> parseAll(Map<String, PackText> texts) {
    String largest = null;
    for (Map.Entry<String, PackText> text : texts.entrySet()) {
      if (largest == null || text.getValue().length() > texts.get(largest).length()) {
        largest = text.getKey();
      }
    }
    String aside = texts.size() > 1 ? largest : null;
    BackgroundBuild<List<Rule>> asideRules = aside == null ? null
        : BackgroundBuild.start("palisade-rule-pack", () -> parse(aside, texts.get(aside)));
    Map<String, PackOutcome> outcomes = new HashMap<>();
    for (Map.Entry<String, PackText> text : texts.entrySet()) {
      if (!text.getKey().equals(aside)) {
        outcomes.put(text.getKey(), PackOutcome.of(() -> parse(text.getKey(), text.getValue())));
      }
    }
    if (aside != null) {
      outcomes.put(aside, PackOutcome.of(asideRules::await));
    }
    Map<String, List<Rule>> parsed = new LinkedHashMap<>();
    for (String file : texts.keySet()) {
      parsed.put(file, outcomes.get(file).rulesOrThrow());
    }
    return parsed;
  }

  /**
   * A pack to parse: its YAML, or for a shipped pack compiled at build time its tree, read when the
   * pack is parsed; {@code length} is the YAML's length either way.
   */
  private record PackText(int length, String yaml, Supplier<JsonNode> compiled) {
    static PackText yaml(String yaml) {
      return new PackText(yaml.length(), yaml, null);
    }
  }

  private List<Rule> parse(String file, PackText text) {
    return text.compiled() != null ? rules(file, text.compiled().get()) : parse(file, text.yaml());
  }

  /** A pack's rules, or why it could not be loaded. */
  private record PackOutcome(List<Rule> rules, RuntimeException failure) {
    static PackOutcome of(Supplier<List<Rule>> parse) {
      try {
        return new PackOutcome(parse.get(), null);
      } catch (RuntimeException failure) {
        return new PackOutcome(null, failure);
      }
    }

    List<Rule> rulesOrThrow() {
      if (failure != null) {
        throw failure;
      }
      return rules;
    }
  }

  private static String classpathText(String pack) {
    try (InputStream in = RulePackLoader.class.getClassLoader().getResourceAsStream(CLASSPATH_DIR + pack)) {
      if (in == null) {
        throw new RuleFileException(pack, null, null, "not found on the classpath under " + CLASSPATH_DIR);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one rule file. */
  public List<Rule> parse(String file, String text) {
    return rules(file, tree(file, text));
  }

  /** The YAML tree of a rule file, not yet checked. */
  JsonNode tree(String file, String text) {
    try {
      return yamlMapper().readTree(text);
    } catch (IOException e) {
      throw new RuleFileException(file, null, null, "not valid YAML: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.toString()));
    }
  }

  private ObjectMapper yamlMapper() {
    ObjectMapper mapper = yaml;
    if (mapper == null) {
      mapper = new ObjectMapper(new YAMLFactory());
      yaml = mapper;
    }
    return mapper;
  }

  /** Whether this loader has parsed any YAML (the shipped packs alone are read from their compiled JSON). */
  boolean parsedYaml() {
    return yaml != null;
  }

  /** The rules of a parsed rule file. */
  List<Rule> rules(String file, JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new RuleFileException(file, null, null, "expected a mapping with a 'rules' list");
    }
    unknownFields(file, null, root, PACK_FIELDS);
    JsonNode defaults = root.path("defaults");
    Allowlist packAllowlist = allowlist(file, null, root.get("allowlist"));
    JsonNode list = root.get("rules");
    if (list == null || !list.isArray()) {
      throw new RuleFileException(file, null, "rules", "must be a list");
    }
    List<Rule> rules = new ArrayList<>(list.size());
    int position = 0;
    for (JsonNode node : list) {
      position++;
      if (!node.isObject()) {
        throw new RuleFileException(file, "#" + position, null, "a rule must be a mapping");
      }
      String id = node.path("id").asText("");
      if (id.isBlank()) {
        throw new RuleFileException(file, "#" + position, "id", "missing");
      }
      rules.add(rule(file, id, node, defaults, packAllowlist));
    }
    return rules;
  }

  private Rule rule(String file, String id, JsonNode node, JsonNode defaults, Allowlist packAllowlist) {
    unknownFields(file, id, node, RULE_FIELDS);
    Category category = enumField(file, id, "category", text(node, defaults, "category"), Category::fromWireName);
    Severity severity = enumField(file, id, "severity", text(node, defaults, "severity"), Severity::fromWireName);
    String type = required(file, id, "type", text(node, defaults, "type"));
    String regex = required(file, id, "regex", node.path("regex").asText(null));
    Pattern pattern;
    try {
      pattern = Patterns.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new RuleFileException(file, id, "regex", "not valid re2j syntax: " + e.getDescription());
    }
    List<String> keywords = strings(file, id, "keywords", node.get("keywords"));
    for (String keyword : keywords) {
      if (keyword.isEmpty()) {
        throw new RuleFileException(file, id, "keywords", "empty keyword");
      }
    }
    List<List<String>> near = near(file, id, node.get("near"));
    if (!near.isEmpty() && keywords.isEmpty()) {
      throw new RuleFileException(file, id, "near", "needs keywords: near literals only narrow a keyword hit");
    }
    int minDigits = intField(file, id, "minDigits", node.get("minDigits"), 0);
    if (keywords.isEmpty() && minDigits <= 0) {
      throw new RuleFileException(file, id, "keywords", "a rule needs keywords for the prefilter (or minDigits for numeric rules)");
    }
    int maxLength = intField(file, id, "maxLength", node.has("maxLength") ? node.get("maxLength") : defaults.get("maxLength"), DEFAULT_MAX_LENGTH);
    if (maxLength < 8) {
      throw new RuleFileException(file, id, "maxLength", "must be at least 8");
    }
    int group = intField(file, id, "group", node.get("group"), 0);
    if (group > pattern.groupCount()) {
      throw new RuleFileException(file, id, "group", "regex has only " + pattern.groupCount() + " groups");
    }
    String validator = node.path("validator").asText(null);
    if (validator != null && !validators.has(validator)) {
      throw new RuleFileException(file, id, "validator", "unknown validator '" + validator + "', known: " + validators.names());
    }
    JsonNode entropy = node.get("minEntropy");
    if (entropy != null && !entropy.isNumber()) {
      throw new RuleFileException(file, id, "minEntropy", "must be a number");
    }
    Allowlist allowlist = allowlist(file, id, node.get("allowlist")).and(packAllowlist);
    JsonNode viewNode = node.has("views") ? node.get("views") : defaults.get("views");
    Set<View> views = EnumSet.noneOf(View.class);
    for (String view : strings(file, id, "views", viewNode)) {
      views.add(enumField(file, id, "views", view, v -> View.valueOf(v.toUpperCase(java.util.Locale.ROOT))));
    }
    if (views.isEmpty()) {
      views = EnumSet.allOf(View.class);
    }
    JsonNode examples = node.get("examples");
    if (examples == null || !examples.isObject()) {
      throw new RuleFileException(file, id, "examples", "every rule needs examples: {match: [...], noMatch: [...]}");
    }
    unknownFields(file, id + " examples", examples, Set.of("match", "noMatch"));
    List<String> match = strings(file, id, "examples.match", examples.get("match"));
    if (match.isEmpty()) {
      throw new RuleFileException(file, id, "examples.match", "needs at least one example that must match");
    }
    return new Rule(id, category, type, severity, node.path("description").asText(""), pattern, keywords, near, minDigits,
        maxLength, group, validator, entropy == null ? 0 : entropy.asDouble(), allowlist, views,
        new RuleExamples(match, strings(file, id, "examples.noMatch", examples.get("noMatch"))), file);
  }

  private static void unknownFields(String file, String rule, JsonNode node, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new RuleFileException(file, rule, name, "unknown field (known: " + known + ")");
      }
    }
  }

  private static String text(JsonNode node, JsonNode defaults, String field) {
    JsonNode value = node.has(field) ? node.get(field) : defaults.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String required(String file, String rule, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new RuleFileException(file, rule, field, "missing");
    }
    return value;
  }

  private static <T> T enumField(String file, String rule, String field, String value, java.util.function.Function<String, T> parse) {
    required(file, rule, field, value);
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new RuleFileException(file, rule, field, "unknown value '" + value + "'");
    }
  }

  private static int intField(String file, String rule, String field, JsonNode value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (!value.canConvertToInt() || value.asInt() < 0) {
      throw new RuleFileException(file, rule, field, "must be a non-negative integer");
    }
    return value.asInt();
  }

  private static List<String> strings(String file, String rule, String field, JsonNode value) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new RuleFileException(file, rule, field, "must be a list of strings");
    }
    List<String> out = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new RuleFileException(file, rule, field, "must be a list of strings");
      }
      out.add(element.textValue());
    }
    return out;
  }

  /** {@code near: [a, b]} is one group; {@code near: [[a, b], [c]]} is several, each of which must occur. */
  private static List<List<String>> near(String file, String rule, JsonNode value) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray() || value.isEmpty()) {
      throw new RuleFileException(file, rule, "near", "must be a list of literals or a list of lists of literals");
    }
    List<List<String>> groups = new ArrayList<>();
    if (value.get(0).isArray()) {
      for (JsonNode group : value) {
        groups.add(strings(file, rule, "near", group));
      }
    } else {
      groups.add(strings(file, rule, "near", value));
    }
    if (groups.size() > Rule.MAX_NEAR_GROUPS || groups.stream().anyMatch(g -> g.isEmpty() || g.contains(""))) {
      throw new RuleFileException(file, rule, "near", "at most " + Rule.MAX_NEAR_GROUPS + " non-empty groups of non-empty literals");
    }
    return groups;
  }

  private static Allowlist allowlist(String file, String rule, JsonNode node) {
    if (node == null || node.isNull()) {
      return Allowlist.EMPTY;
    }
    if (!node.isObject()) {
      throw new RuleFileException(file, rule, "allowlist", "must be a mapping with regexes, stopwords and/or contexts");
    }
    unknownFields(file, rule, node, Set.of("regexes", "stopwords", "contexts"));
    List<Pattern> regexes = patterns(file, rule, "allowlist.regexes", node.get("regexes"));
    List<Pattern> contexts = patterns(file, rule, "allowlist.contexts", node.get("contexts"));
    return new Allowlist(regexes, strings(file, rule, "allowlist.stopwords", node.get("stopwords")), contexts);
  }

  private static List<Pattern> patterns(String file, String rule, String field, JsonNode node) {
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : strings(file, rule, field, node)) {
      try {
        patterns.add(Patterns.compile(regex));
      } catch (PatternSyntaxException e) {
        throw new RuleFileException(file, rule, field, "not valid re2j syntax: " + e.getDescription());
      }
    }
    return patterns;
  }
}
