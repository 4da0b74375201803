package dev.palisade.detection.validate;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/** Checksums of identifiers and addresses, on digit or character strings already stripped of separators. */
public final class Checksums {
  private Checksums() {}

  public static String digits(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        out.append(c);
      }
    }
    return out.toString();
  }

  public static boolean luhn(String digits) {
    if (digits.isEmpty()) {
      return false;
    }
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static final Map<String, Integer> IBAN_LENGTHS = ibanLengths();

  private static Map<String, Integer> ibanLengths() {
    String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 "
        + "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 "
        + "KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 "
        + "PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 "
        + "UA29 VA22 VG24 XK20 YE30";
    Map<String, Integer> lengths = new java.util.HashMap<>();
    for (String entry : table.split(" ")) {
      lengths.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
    }
    return Map.copyOf(lengths);
  }

  /** IBAN: known country, that country's length, and mod-97 = 1. */
  public static boolean iban(String compact) {
    if (compact.length() < 15 || compact.length() > 34) {
      return false;
    }
    String country = compact.substring(0, 2).toUpperCase(java.util.Locale.ROOT);
    Integer length = IBAN_LENGTHS.get(country);
    if (length == null || length != compact.length()) {
      return false;
    }
    String rearranged = compact.substring(4) + compact.substring(0, 4);
    int remainder = 0;
    for (int i = 0; i < rearranged.length(); i++) {
      char c = Character.toUpperCase(rearranged.charAt(i));
      int value;
      if (c >= '0' && c <= '9') {
        value = c - '0';
      } else if (c >= 'A' && c <= 'Z') {
        value = c - 'A' + 10;
      } else {
        return false;
      }
      remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
    }
    return remainder == 1;
  }

  /** ABA routing number: 3-7-1 weighted sum divisible by 10. */
  public static boolean abaRouting(String digits) {
    if (digits.length() != 9) {
      return false;
    }
    int[] weights = {3, 7, 1};
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (digits.charAt(i) - '0') * weights[i % 3];
    }
    return sum % 10 == 0 && sum > 0;
  }

  /** UK NHS number: mod-11 check digit. */
  public static boolean nhs(String digits) {
    if (digits.length() != 10) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (digits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == digits.charAt(9) - '0';
  }

  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  /** Base58Check (Bitcoin legacy and P2SH addresses): the last 4 bytes are a double SHA-256 prefix. */
  public static boolean base58check(String text) {
    BigInteger value = BigInteger.ZERO;
    BigInteger base = BigInteger.valueOf(58);
    for (int i = 0; i < text.length(); i++) {
      int digit = BASE58.indexOf(text.charAt(i));
      if (digit < 0) {
        return false;
      }
      value = value.multiply(base).add(BigInteger.valueOf(digit));
    }
    byte[] raw = value.toByteArray();
    int leadingZeros = 0;
    while (leadingZeros < text.length() && text.charAt(leadingZeros) == '1') {
      leadingZeros++;
    }
    int strip = raw.length > 1 && raw[0] == 0 ? 1 : 0;
    byte[] decoded = new byte[leadingZeros + raw.length - strip];
    System.arraycopy(raw, strip, decoded, leadingZeros, raw.length - strip);
    if (decoded.length < 5) {
      return false;
    }
    byte[] payload = java.util.Arrays.copyOf(decoded, decoded.length - 4);
    byte[] check = sha256(sha256(payload));
    for (int i = 0; i < 4; i++) {
      if (check[i] != decoded[decoded.length - 4 + i]) {
        return false;
      }
    }
    return true;
  }

  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

  /** Bech32 / Bech32m checksum (SegWit and Taproot addresses). */
  public static boolean bech32(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (!lower.equals(text) && !text.toUpperCase(java.util.Locale.ROOT).equals(text)) {
      return false;
    }
    int separator = lower.lastIndexOf('1');
    if (separator < 1 || separator + 7 > lower.length()) {
      return false;
    }
    String hrp = lower.substring(0, separator);
    int[] values = new int[hrp.length() * 2 + 1 + lower.length() - separator - 1];
    int n = 0;
    for (int i = 0; i < hrp.length(); i++) {
      values[n++] = hrp.charAt(i) >> 5;
    }
    values[n++] = 0;
    for (int i = 0; i < hrp.length(); i++) {
      values[n++] = hrp.charAt(i) & 31;
    }
    for (int i = separator + 1; i < lower.length(); i++) {
      int v = BECH32.indexOf(lower.charAt(i));
      if (v < 0) {
        return false;
      }
      values[n++] = v;
    }
    int polymod = polymod(values);
    return polymod == 1 || polymod == 0x2bc830a3;
  }

  private static int polymod(int[] values) {
    int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    int chk = 1;
    for (int v : values) {
      int top = chk >>> 25;
      chk = (chk & 0x1ffffff) << 5 ^ v;
      for (int i = 0; i < 5; i++) {
        if (((top >>> i) & 1) == 1) {
          chk ^= generator[i];
        }
      }
    }
    return chk;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** Shannon entropy in bits per character. */
  public static double entropy(CharSequence text) {
    if (text.length() == 0) {
      return 0;
    }
    Map<Character, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < text.length(); i++) {
      counts.merge(text.charAt(i), 1, Integer::sum);
    }
    double entropy = 0;
    for (int count : counts.values()) {
      double p = (double) count / text.length();
      entropy -= p * Math.log(p) / Math.log(2);
    }
    return entropy;
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
