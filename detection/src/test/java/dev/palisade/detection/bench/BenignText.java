package dev.palisade.detection.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benign text for benchmarks: the descriptions of real tool definitions when the shared corpora are
 * next to the repository ({@code ../shared/corpora}), else deterministic prose in the same register.
 */
final class BenignText {
  private static final String[] WORDS = ("the a an of to in for with on by from this that tool returns list get create update delete "
      + "file files directory path search query results user users repository issue pull request comment message channel "
      + "database table rows columns schema json string number boolean optional required default limit page cursor token "
      + "timeout seconds format markdown html url endpoint api server client response status error code name id description "
      + "when use if you can will be is are it its and or not only all each first last new existing current value values "
      + "parameter parameters example for instance see docs documentation version date time zone region account project").split(" ");

  private BenignText() {}

  /** Pseudo-Latin prose in which no rule keyword occurs. */
  static String lorem(int chars) {
    String[] syllables = {"lo", "rem", "ip", "sum", "do", "lor", "sit", "met", "con", "sec", "tur", "pis", "cing", "ve", "li", "qua"};
    Random random = new Random(7);
    StringBuilder text = new StringBuilder(chars + 64);
    while (text.length() < chars) {
      int parts = 1 + random.nextInt(3);
      for (int i = 0; i < parts; i++) {
        text.append(syllables[random.nextInt(syllables.length)]);
      }
      text.append(random.nextInt(12) == 0 ? ". " : " ");
    }
    return text.substring(0, chars);
  }

  /**
   * Every string of the real tool definitions, one by one as the sidecar scans a listing: names,
   * descriptions, schema texts, enum values, defaults and property names; without the corpora, the
   * sentences of 256 KiB of {@link #of} prose.
   */
  static List<String> definitionStrings() {
    Path corpus = Path.of(System.getProperty("palisade.corpora", "../shared/corpora"), "benign_tool_definitions.jsonl");
    List<String> strings = new ArrayList<>();
    if (Files.exists(corpus)) {
      try {
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(corpus)) {
          collect(mapper.readTree(line), false, strings);
        }
        return strings;
      } catch (IOException e) {
        strings.clear();
      }
    }
    strings.addAll(List.of(of(256 * 1024).split("(?<=\\.) ")));
    return strings;
  }

  private static void collect(JsonNode node, boolean properties, List<String> out) {
    if (node.isTextual()) {
      out.add(node.textValue());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (properties) {
        out.add(field.getKey());
      }
      collect(field.getValue(), field.getKey().equals("properties"), out);
    }
    if (node.isArray()) {
      node.forEach(element -> collect(element, false, out));
    }
  }

  static String of(int chars) {
    StringBuilder text = new StringBuilder(chars + 256);
    Path corpus = Path.of(System.getProperty("palisade.corpora", "../shared/corpora"), "benign_tool_definitions.jsonl");
    if (Files.exists(corpus)) {
      try {
        ObjectMapper mapper = new ObjectMapper();
        for (String line : Files.readAllLines(corpus)) {
          JsonNode tool = mapper.readTree(line);
          text.append(tool.path("description").asText()).append('\n');
          if (text.length() >= chars) {
            return text.substring(0, chars);
          }
        }
      } catch (IOException e) {
        text.setLength(0);
      }
    }
    Random random = new Random(42);
    while (text.length() < chars) {
      int words = 6 + random.nextInt(14);
      for (int i = 0; i < words; i++) {
        String word = WORDS[random.nextInt(WORDS.length)];
        text.append(i == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word).append(' ');
      }
      if (random.nextInt(5) == 0) {
        text.append("(max ").append(random.nextInt(500)).append(") ");
      }
      text.setCharAt(text.length() - 1, '.');
      text.append(random.nextInt(4) == 0 ? "\n" : " ");
    }
    return text.substring(0, chars);
  }
}
