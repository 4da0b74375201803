package dev.palisade.detection.validate;

import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** Structure and checksum validators for PII identifiers and token formats. */
final class IdentifierValidators {
  private IdentifierValidators() {}

  static Map<String, Validator> all() {
    return Map.ofEntries(
        Map.entry("luhn", (t, s, e) -> Checksums.luhn(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("credit_card", (t, s, e) -> creditCard(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("iban", (t, s, e) -> iban(t.subSequence(s, e).toString())),
        Map.entry("mac", (t, s, e) -> mac(t.subSequence(s, e).toString())),
        Map.entry("us_ssn", (t, s, e) -> ssn(t.subSequence(s, e))),
        Map.entry("us_itin", (t, s, e) -> itin(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("uk_nino", (t, s, e) -> nino(compact(t.subSequence(s, e)))),
        Map.entry("uk_nhs", (t, s, e) -> Checksums.nhs(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("ca_sin", (t, s, e) -> caSin(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("aba_routing", (t, s, e) -> aba(Checksums.digits(t.subSequence(s, e)))),
        Map.entry("ipv4", (t, s, e) -> ipv4(t.subSequence(s, e).toString())),
        Map.entry("ipv6", (t, s, e) -> ipv6(t.subSequence(s, e).toString())),
        Map.entry("btc_address", (t, s, e) -> bitcoin(t.subSequence(s, e).toString())),
        Map.entry("eth_address", (t, s, e) -> ethereum(t.subSequence(s, e).toString())),
        Map.entry("phone", (t, s, e) -> phone(t, s, e)),
        Map.entry("jwt", (t, s, e) -> jwt(t.subSequence(s, e).toString())),
        Map.entry("not_repetitive", (t, s, e) -> notRepetitive(t.subSequence(s, e))));
  }

  static String compact(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  static boolean creditCard(String d) {
    if (d.length() < 13 || d.length() > 19 || !Checksums.luhn(d) || d.chars().distinct().count() < 2) {
      return false;
    }
    int two = Integer.parseInt(d.substring(0, 2));
    int four = Integer.parseInt(d.substring(0, 4));
    int three = Integer.parseInt(d.substring(0, 3));
    return d.charAt(0) == '4' // Visa
        || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) // Mastercard
        || two == 34 || two == 37 // American Express
        || four == 6011 || two == 65 || (three >= 644 && three <= 649) // Discover
        || (four >= 3528 && four <= 3589) // JCB
        || (three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39 // Diners
        || two == 62 || two == 81 // UnionPay
        || (d.charAt(0) == '1' && d.length() == 15) // UATP
        || two == 50 || (two >= 56 && two <= 69) || two == 22; // Maestro, Mir
  }

  /** An IBAN, allowing the regex to have taken one group of following text (a word after the number). */
  static boolean iban(String text) {
    if (Checksums.iban(compact(text))) {
      return true;
    }
    int cut = Math.max(text.lastIndexOf(' '), text.lastIndexOf('-'));
    return cut > 0 && Checksums.iban(compact(text.substring(0, cut)));
  }

  /** A MAC address with one kind of separator, not all zeros or all ones. */
  static boolean mac(String text) {
    boolean colons = text.indexOf(':') >= 0;
    boolean dashes = text.indexOf('-') >= 0;
    if (colons && dashes) {
      return false;
    }
    String hex = compact(text).toLowerCase(java.util.Locale.ROOT);
    return !hex.equals("000000000000") && !hex.equals("ffffffffffff");
  }

  static boolean ssn(CharSequence text) {
    String raw = text.toString();
    String d = Checksums.digits(raw);
    if (d.length() != 9) {
      return false;
    }
    // separators must agree: 123-45-6789 or 123 45 6789 or 123456789, not 123-45 6789
    String separators = raw.replaceAll("[0-9]", "");
    if (separators.length() == 2 && separators.charAt(0) != separators.charAt(1)) {
      return false;
    }
    int area = Integer.parseInt(d.substring(0, 3));
    int group = Integer.parseInt(d.substring(3, 5));
    int serial = Integer.parseInt(d.substring(5));
    if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
      return false;
    }
    // numbers published in advertising and documentation, never issued to a person
    return !d.equals("078051120") && !d.equals("219099999") && !d.equals("123456789") && d.chars().distinct().count() > 1;
  }

  static boolean itin(String d) {
    if (d.length() != 9 || d.charAt(0) != '9') {
      return false;
    }
    int group = Integer.parseInt(d.substring(3, 5));
    return (group >= 50 && group <= 65) || (group >= 70 && group <= 88) || (group >= 90 && group <= 92) || (group >= 94 && group <= 99);
  }

  static boolean nino(String c) {
    String n = c.toUpperCase(Locale.ROOT);
    if (n.length() != 9) {
      return false;
    }
    char first = n.charAt(0);
    char second = n.charAt(1);
    if ("DFIQUV".indexOf(first) >= 0 || "DFIOQUV".indexOf(second) >= 0) {
      return false;
    }
    String prefix = n.substring(0, 2);
    if (java.util.Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix)) {
      return false;
    }
    return "ABCD".indexOf(n.charAt(8)) >= 0;
  }

  static boolean caSin(String d) {
    return d.length() == 9 && d.charAt(0) != '0' && d.charAt(0) != '8' && Checksums.luhn(d);
  }

  static boolean aba(String d) {
    if (!Checksums.abaRouting(d)) {
      return false;
    }
    int prefix = Integer.parseInt(d.substring(0, 2));
    return prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix == 80;
  }

  static boolean ipv4(String text) {
    String[] parts = text.split("\\.");
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  static boolean ipv6(String text) {
    int slash = text.indexOf('/');
    if (slash >= 0) {
      String prefix = text.substring(slash + 1);
      if (prefix.isEmpty() || Integer.parseInt(prefix) > 128) {
        return false;
      }
      text = text.substring(0, slash);
    }
    if (text.equals("::")) {
      return true;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String body = text;
    int groupsNeeded = 8;
    int lastColon = body.lastIndexOf(':');
    if (body.indexOf('.') > lastColon) {
      if (!ipv4(body.substring(lastColon + 1))) {
        return false;
      }
      body = body.substring(0, lastColon + 1) + "0";
      groupsNeeded = 7;
    }
    String[] groups = body.split(":", -1);
    int nonEmpty = 0;
    for (String group : groups) {
      if (group.length() > 4) {
        return false;
      }
      if (!group.isEmpty()) {
        nonEmpty++;
      }
    }
    return doubleColon >= 0 ? nonEmpty < groupsNeeded : nonEmpty == groupsNeeded;
  }

  static boolean bitcoin(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("bc1") || lower.startsWith("tb1")) {
      return Checksums.bech32(text);
    }
    return Checksums.base58check(text);
  }

  static boolean ethereum(String text) {
    String hex = text.substring(2);
    return hex.chars().distinct().count() > 4;
  }

  static boolean phone(CharSequence text, int start, int end) {
    String d = Checksums.digits(text.subSequence(start, end));
    if (d.length() < 7 || d.length() > 15 || d.chars().distinct().count() < 3) {
      return false;
    }
    // a phone number is not glued to more digits or word characters
    boolean before = start > 0 && Character.isLetterOrDigit(text.charAt(start - 1));
    boolean after = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
    return !before && !after;
  }

  static boolean jwt(String text) {
    int dot = text.indexOf('.');
    if (dot < 0) {
      return false;
    }
    try {
      String header = new String(Base64.getUrlDecoder().decode(text.substring(0, dot).replace("=", "")), java.nio.charset.StandardCharsets.UTF_8);
      return header.contains("\"alg\"") || header.contains("\"typ\"");
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Rejects obvious placeholders such as {@code xxxxxxxx} or {@code 00000000}. */
  static boolean notRepetitive(CharSequence text) {
    return text.chars().distinct().count() >= Math.min(6, Math.max(2, text.length() / 4));
  }
}
