package dev.palisade.detection.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads labelled cases: the project's own ({@code palisade/eval/cases.jsonl} on the classpath, from
 * {@code config/eval/}) and, when a corpora directory is given, the shared development corpora as
 * its README describes them (which files are positives and which are negatives).
 */
final class CorpusReader {
  static final Set<String> DEFINITION_CATEGORIES = Set.of("injection", "shadowing", "hidden-text");
  static final Set<String> ALL = Set.of("injection", "shadowing", "hidden-text", "exfiltration", "secret", "pii");
  private final ObjectMapper mapper = new ObjectMapper();

  List<LabelledCase> projectCases() throws IOException {
    List<LabelledCase> cases = new ArrayList<>();
    try (InputStream in = CorpusReader.class.getClassLoader().getResourceAsStream("palisade/eval/cases.jsonl")) {
      if (in == null) {
        return cases;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode node = mapper.readTree(line);
        String label = node.path("label").asText("benign");
        boolean benign = label.equals("benign");
        Set<String> scope = benign ? (node.has("scope") ? strings(node.get("scope")) : ALL) : Set.of();
        cases.add(new LabelledCase("project", node, benign ? null : label, node.path("type").asText(null), scope));
      }
    }
    return cases;
  }

  List<LabelledCase> corpora(Path dir) throws IOException {
    List<LabelledCase> cases = new ArrayList<>();
    Path tools = dir.resolve("benign_tool_definitions.jsonl");
    if (Files.exists(tools)) {
      int n = 0;
      for (String line : Files.readAllLines(tools)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode tool = mapper.readTree(line);
        ObjectNode definition = JsonNodeFactory.instance.objectNode();
        definition.put("name", tool.path("name").asText());
        definition.put("description", tool.path("description").asText(""));
        ObjectNode properties = definition.putObject("inputSchema").put("type", "object").putObject("properties");
        for (JsonNode argument : tool.path("arguments")) {
          ObjectNode property = properties.putObject(argument.path("name").asText("arg"));
          property.put("type", argument.path("type").asText("string"));
          if (argument.hasNonNull("desc")) {
            property.put("description", argument.path("desc").asText());
          }
        }
        cases.add(negative("benign_tool_definitions", "tool-" + n++, "tool", definition, DEFINITION_CATEGORIES));
      }
    }
    Path cyber = dir.resolve("injection_cyberseceval_en.json");
    if (Files.exists(cyber)) {
      Set<String> prompts = new LinkedHashSet<>();
      int n = 0;
      for (JsonNode item : mapper.readTree(cyber.toFile())) {
        cases.add(positive("cyberseceval user_input", "cse-" + n++, item.path("user_input").asText(), "injection"));
        prompts.add(item.path("test_case_prompt").asText());
      }
      n = 0;
      for (String prompt : prompts) {
        cases.add(negative("cyberseceval system prompts", "csp-" + n++, "text", JsonNodeFactory.instance.textNode(prompt), Set.of("injection")));
      }
    }
    Path giskard = dir.resolve("injection_giskard.csv");
    if (Files.exists(giskard)) {
      List<List<String>> rows = Csv.parse(Files.readString(giskard));
      int column = rows.isEmpty() ? -1 : rows.get(0).indexOf("prompt");
      for (int i = 1; i < rows.size() && column >= 0; i++) {
        if (rows.get(i).size() > column) {
          cases.add(positive("giskard", "gk-" + i, rows.get(i).get(column), "injection"));
        }
      }
    }
    Path bipia = dir.resolve("bipia");
    for (String attacks : List.of("text_attack_train.json", "code_attack_train.json")) {
      Path file = bipia.resolve(attacks);
      if (Files.exists(file)) {
        int n = 0;
        for (Map.Entry<String, JsonNode> group : iterable(mapper.readTree(file.toFile()))) {
          for (JsonNode attack : group.getValue()) {
            cases.add(positive("bipia " + attacks, "ba-" + n++, attack.asText(), "injection"));
          }
        }
      }
    }
    for (String contexts : List.of("email_train.jsonl", "code_train.jsonl", "table_train.jsonl")) {
      Path file = bipia.resolve(contexts);
      if (Files.exists(file)) {
        int n = 0;
        for (String line : Files.readAllLines(file)) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode context = mapper.readTree(line).path("context");
          String text = context.isArray() ? join(context) : context.asText();
          cases.add(negative("bipia " + contexts, "bc-" + n++, "text", JsonNodeFactory.instance.textNode(text), Set.of("injection")));
        }
      }
    }
    Path secrets = dir.resolve("secrets_gitleaks_examples.jsonl");
    if (Files.exists(secrets)) {
      int n = 0;
      for (String line : Files.readAllLines(secrets)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode item = mapper.readTree(line);
        String text = item.path("text").asText();
        if (item.path("kind").asText().equals("true_positive")) {
          cases.add(positive("gitleaks true positives", "gl-" + n++, text, "secret"));
        } else {
          cases.add(negative("gitleaks look-alikes", "gl-" + n++, "text", JsonNodeFactory.instance.textNode(text), Set.of("secret")));
        }
      }
    }
    return cases;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  private static String join(JsonNode array) {
    StringBuilder out = new StringBuilder();
    array.forEach(element -> out.append(element.asText()).append('\n'));
    return out.toString();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(element -> out.add(element.asText()));
    return out;
  }

  private static LabelledCase positive(String source, String id, String text, String category) {
    return new LabelledCase(source, line(id, "text", JsonNodeFactory.instance.textNode(text)), category, null, Set.of());
  }

  private static LabelledCase negative(String source, String id, String kind, JsonNode content, Set<String> scope) {
    return new LabelledCase(source, line(id, kind, content), null, null, scope);
  }

  private static ObjectNode line(String id, String kind, JsonNode content) {
    ObjectNode line = JsonNodeFactory.instance.objectNode();
    line.put("id", id).put("kind", kind).put("direction", "response");
    line.set("content", content);
    return line;
  }

  /** RFC 4180 CSV: quoted fields may hold commas, newlines and doubled quotes. */
  static final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
        } else if (c != '\r') {
          field.append(c);
        }
      }
      if (field.length() > 0 || !row.isEmpty()) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
