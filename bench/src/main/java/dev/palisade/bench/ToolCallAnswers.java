package dev.palisade.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Precomputed {@code tools/call} results, so the upstream spends its time on I/O and not on JSON:
 * each answer is a fixed prefix, the request id, and a fixed suffix holding the tool's text.
 */
final class ToolCallAnswers {
  private static final String PROSE = "The quick brown fox reads the weather report for Lisbon and "
      + "finds light rain, 17 degrees, wind from the north-west at 12 km/h. ";

  private final Map<Integer, Buffer> resultSuffixes = new HashMap<>();
  private final Buffer jsonPrefix = Buffer.buffer("{\"jsonrpc\":\"2.0\",\"id\":");
  private final Buffer ssePrefix = Buffer.buffer("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":");
  private final Buffer sseSuffix = Buffer.buffer("\n\n");

  ToolCallAnswers(Iterable<Integer> textSizes) {
    for (int size : textSizes) {
      resultSuffixes.put(size, Buffer.buffer(",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text(size)
          + "\"}],\"isError\":false}}"));
    }
  }

  /** ASCII prose of exactly {@code size} bytes, with nothing that needs JSON escaping. */
  static String text(int size) {
    StringBuilder text = new StringBuilder(size + PROSE.length());
    while (text.length() < size) {
      text.append(PROSE);
    }
    text.setLength(size);
    return text.toString();
  }

  boolean knows(int textSize) {
    return resultSuffixes.containsKey(textSize);
  }

  Buffer answer(AnswerType type, String idJson, int textSize) {
    Buffer suffix = resultSuffixes.get(textSize);
    Buffer prefix = type == AnswerType.SSE ? ssePrefix : jsonPrefix;
    Buffer answer = Buffer.buffer(prefix.length() + idJson.length() + suffix.length() + sseSuffix.length());
    answer.appendBuffer(prefix).appendString(idJson, StandardCharsets.US_ASCII.name()).appendBuffer(suffix);
    return type == AnswerType.SSE ? answer.appendBuffer(sseSuffix) : answer;
  }

  /** A progress notification sent as the first event of a slow stream. */
  static Buffer progressEvent(String progressToken) {
    return Buffer.buffer("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
        + "\"params\":{\"progressToken\":" + progressToken + ",\"progress\":1,\"total\":2}}\n\n");
  }
}
