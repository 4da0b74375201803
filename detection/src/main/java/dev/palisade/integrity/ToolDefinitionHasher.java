package dev.palisade.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * SHA-256 of a tool definition in canonical form: only the fields the model reads (name, title,
 * description, input and output schema, annotations), object keys sorted, strings in Unicode NFC,
 * numbers in one notation. Two listings of the same tool hash alike whatever the server's key order
 * or number formatting.
 *
 * <p>NFC and not NFKC on purpose: compatibility folding and dropping invisible characters would let
 * an attacker add hidden text to a pinned description without changing its hash.
 */
public final class ToolDefinitionHasher {
  static final List<String> HASHED_FIELDS =
      List.of("name", "title", "description", "inputSchema", "outputSchema", "annotations");

  public String hash(JsonNode tool) {
    StringBuilder canonical = new StringBuilder(256);
    canonical.append('{');
    boolean first = true;
    for (String field : HASHED_FIELDS) { // already in sorted order
      JsonNode value = tool.get(field);
      if (value == null) {
        continue;
      }
      if (!first) {
        canonical.append(',');
      }
      first = false;
      appendString(canonical, field);
      canonical.append(':');
      appendCanonical(canonical, value);
    }
    canonical.append('}');
    return "sha256:" + sha256(canonical.toString());
  }

  /** Canonical JSON text of a value (exposed for tests and golden files). */
  String canonical(JsonNode value) {
    StringBuilder out = new StringBuilder();
    appendCanonical(out, value);
    return out.toString();
  }

  private static void appendCanonical(StringBuilder out, JsonNode value) {
    switch (value.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>(value.size());
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendString(out, names.get(i));
          out.append(':');
          appendCanonical(out, value.get(names.get(i)));
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          appendCanonical(out, value.get(i));
        }
        out.append(']');
      }
      case STRING -> appendString(out, value.textValue());
      case NUMBER -> out.append(canonicalNumber(value));
      case BOOLEAN -> out.append(value.booleanValue());
      default -> out.append("null");
    }
  }

  private static String canonicalNumber(JsonNode number) {
    BigDecimal decimal = number.decimalValue().stripTrailingZeros();
    return decimal.signum() == 0 ? "0" : decimal.toPlainString();
  }

  private static void appendString(StringBuilder out, String raw) {
    String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static String sha256(String canonical) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

}
