package dev.palisade.operator.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Small pieces of the control API's HTTP handling: JSON answers, query parameters, bounded bodies. */
final class HttpExchanges {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpExchanges() {}

  static String error(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  /** Answers and closes the exchange; a {@code null} body sends headers only (304). */
  static void send(HttpExchange exchange, int status, String body) throws IOException {
    try {
      if (body == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } finally {
      exchange.close();
    }
  }

  /** The body, or {@code null} when it is longer than {@code max} bytes. */
  static byte[] body(HttpExchange exchange, int max) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(max + 1);
      return body.length > max ? null : body;
    }
  }

  static String query(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (name.equals(key)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** A {@code wait=25s} parameter, capped at {@code max}; zero when absent or malformed. */
  static Duration waitOf(String text, Duration max) {
    if (text == null || text.isBlank()) {
      return Duration.ZERO;
    }
    String seconds = text.endsWith("s") ? text.substring(0, text.length() - 1) : text;
    try {
      long value = Long.parseLong(seconds.trim());
      return value <= 0 ? Duration.ZERO : Duration.ofSeconds(Math.min(value, max.toSeconds()));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
