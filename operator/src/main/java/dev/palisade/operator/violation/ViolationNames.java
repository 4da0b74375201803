package dev.palisade.operator.violation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The deterministic object name of a violation: the same server, rule, type and evidence hash always
 * name the same McpViolation, which is what turns repeats into a count instead of new objects.
 */
public final class ViolationNames {
  private static final int SERVER_PREFIX = 40;

  private ViolationNames() {}

  public static String of(ViolationReport report) {
    String key = String.join("\u0000", report.server(), report.rule(), report.category().wireName(),
        nullToEmpty(report.type()), nullToEmpty(report.tool()), nullToEmpty(report.evidenceHash()));
    return dnsLabel(report.server()) + "-" + sha256(key).substring(0, 16);
  }

  private static String dnsLabel(String text) {
    String label = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
    if (label.length() > SERVER_PREFIX) {
      label = label.substring(0, SERVER_PREFIX).replaceAll("-+$", "");
    }
    return label.isEmpty() ? "server" : label;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
