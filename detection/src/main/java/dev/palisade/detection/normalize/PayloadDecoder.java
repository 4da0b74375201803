package dev.palisade.detection.normalize;

import dev.palisade.detection.rules.View;
import dev.palisade.detection.work.ScanWork;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes payloads hidden in a string: base64, base32 and hex runs that decode to readable text, and
 * URL-encoding, HTML entities and backslash escapes spread through it. Each decoded view maps back
 * to the encoded span. Work is linear: every character is read a bounded number of times (escapes
 * look ahead at most {@link #MAX_ENTITY} characters), runs are searched within a character budget
 * and at most {@link #MAX_CANDIDATES} decode per call; the caller bounds the depth. A decoded view is
 * never longer than its source, so each layer of depth at most doubles the characters to scan.
 */
public final class PayloadDecoder {
  /** Most base64 or hex runs decoded to a view per call. */
  public static final int MAX_CANDIDATES = 16;
  /** Longest HTML entity decoded, ampersand and semicolon included ({@code &#x010FFFF;}). */
  static final int MAX_ENTITY = 11;

  /**
   * Views decoded from {@code source} (at most one for escapes plus {@link #MAX_CANDIDATES}), runs
   * searched in the first {@code budget} characters; characters read are counted into {@code work}.
   */
  public List<TextView> decode(TextView source, int budget, ScanWork work) {
    char[] chars = source.text().toCharArray();
    return decode(source, chars, TextShape.of(chars, chars.length), budget, work);
  }

  /** {@link #decode(TextView, int, ScanWork)} given the characters of the source's text (at least its length) and their shape. */
  public List<TextView> decode(TextView source, char[] chars, TextShape shape, int budget, ScanWork work) {
    String text = source.text();
    int n = text.length();
    List<TextView> views = new ArrayList<>(2);
    TextView escapes = shape.mayHaveEscapes() ? unescape(source, chars, shape.escapeStarts(), work) : null;
    if (escapes != null) {
      work.decodedView();
      views.add(escapes);
    }
    int limit = Math.min(n, budget);
    int[] clusters = shape.digits() >= MIN_SPACED_DIGITS ? shape.digitClusters() : null;
    // spaced bytes and base64/hex runs share the budget of candidates per call
    int spaced = clusters == null ? 0 : spacedBytes(source, chars, n, clusters, limit, views, work);
    if (!shape.hasLongRuns()) {
      return views;
    }
    int[] starts = shape.longRunStarts();
    if (starts == null) {
      decodeRuns(source, chars, 0, limit, MAX_CANDIDATES - spaced, views, work);
      return views;
    }
    int candidates = spaced;
    int covered = 0;
    for (int k = 0; k < starts.length && starts[k] < limit && candidates < MAX_CANDIDATES; k++) {
      if (starts[k] >= covered) {
        int before = views.size();
        covered = decodeRuns(source, chars, starts[k], starts[k] + 1, 1, views, work);
        candidates += views.size() - before;
      }
    }
    return views;
  }

  /**
   * Decodes the base64 and hex runs that start in {@code [from, limit)}, at most {@code max} of them
   * readable; returns where the last run examined ended.
   */
  private static int decodeRuns(TextView source, char[] chars, int from, int limit, int max, List<TextView> views, ScanWork work) {
    String text = source.text();
    int n = text.length();
    int candidates = 0;
    int i = from;
    long skipped = 0;
    while (i < limit && candidates < max) {
      if (!base64Char(chars[i])) {
        i++;
        skipped++;
        continue;
      }
      int j = i;
      while (j < n && base64Char(chars[j])) {
        j++;
      }
      if (j - i < TextShape.MIN_RUN) {
        skipped += j + 1 - i;
        i = j + 1; // a word, not a payload
        continue;
      }
      boolean hexOnly = true;
      for (int k = i; k < j && hexOnly; k++) {
        hexOnly = hexDigit(chars[k]);
      }
      int end = j;
      while (end < n && end - j < 2 && chars[end] == '=') {
        end++;
      }
      work.decoderRead(2L * (end - i) + 1);
      TextView view;
      if (hexOnly && (j - i) % 2 == 0) {
        view = fromBytes(source, hex(text, i, j), i, j);
      } else {
        view = fromBytes(source, base64(text.substring(i, end)), i, end);
        if (view == null && base32Run(chars, i, j)) {
          end = j;
          while (end < n && end - j < 6 && chars[end] == '=') {
            end++;
          }
          work.decoderRead(j - i);
          view = fromBytes(source, base32(chars, i, j), i, end);
        }
      }
      if (view != null) {
        work.decodedView();
        views.add(view);
        candidates++;
      }
      i = end + 1;
    }
    work.decoderRead(skipped);
    return i;
  }

  private static final boolean[] BASE64 = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      BASE64[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_';
    }
  }

  static boolean base64Char(char c) {
    return c < 128 && BASE64[c];
  }

  /** An ASCII hex digit (runs are ASCII already: base64 characters). */
  private static boolean hexDigit(char c) {
    int lower = c | 0x20;
    return (c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'f');
  }

  private static byte[] hex(String text, int from, int to) {
    byte[] out = new byte[(to - from) / 2];
    for (int k = 0; k < out.length; k++) {
      out[k] = (byte) (Character.digit(text.charAt(from + 2 * k), 16) << 4 | Character.digit(text.charAt(from + 2 * k + 1), 16));
    }
    return out;
  }

  /** Fewest bytes a run of space-separated hex pairs or binary octets must spell to be decoded. */
  static final int MIN_SPACED_BYTES = 8;
  /** Fewest digits in one cluster for a spaced run to be looked for there (an octet run has eight a byte). */
  private static final int MIN_SPACED_DIGITS = 12;

  /**
   * Runs of bytes written as space-separated binary octets ({@code 01101001 01100111}) or hex pairs
   * ({@code 69 67 6e}), a common way to smuggle an instruction past a reader. They are looked for only
   * where the shape pass found a long cluster of digits (such runs are mostly digits; a hex pair
   * with letters only interrupts its cluster), each character read a bounded number of times.
   * Returns how many views it added.
   */
  private static int spacedBytes(TextView source, char[] chars, int n, int[] clusters, int limit, List<TextView> views, ScanWork work) {
    int covered = 0;
    int found = 0;
    for (int k = 0; k + 1 < clusters.length && found < MAX_CANDIDATES; k += 2) {
      int start = clusters[k];
      if (start >= limit) {
        break;
      }
      if (clusters[k + 1] < MIN_SPACED_DIGITS || start < covered) {
        continue;
      }
      int width = 0;
      int first = start;
      if (token(chars, n, start, 8, true)) {
        width = 8;
      } else if (token(chars, n, start, 2, false)) {
        width = 2;
      } else if (start > 0 && token(chars, n, start - 1, 2, false)) {
        width = 2;
        first = start - 1;
      }
      if (width == 0) {
        continue;
      }
      boolean binary = width == 8;
      int clusterFirst = first;
      int budgetBack = 64 * (width + 1); // hex pairs with letters before the cluster: bounded look back
      while (first - width - 1 >= Math.max(covered, start - budgetBack) && chars[first - 1] == ' '
          && token(chars, n, first - width - 1, width, binary)) {
        first -= width + 1;
      }
      int count = 1;
      int end = first + width;
      while (end + 1 + width <= n && chars[end] == ' ' && token(chars, n, end + 1, width, binary)) {
        end += 1 + width;
        count++;
      }
      work.decoderRead(end - first);
      covered = end;
      if (count < MIN_SPACED_BYTES) {
        continue;
      }
      TextView view = fromBytes(source, spelled(chars, first, end, width), first, end);
      if (view == null && clusterFirst > first) {
        // a word that reads as hex ("ad", "be") glued before the run: from where the digits began
        view = fromBytes(source, spelled(chars, clusterFirst, end, width), clusterFirst, end);
      }
      if (view != null) {
        work.decodedView();
        views.add(view);
        found++;
      }
    }
    return found;
  }

  /** The bytes spelled by the tokens of {@code width} digits (8: binary, 2: hex), one space apart, in {@code [from, to)}. */
  private static byte[] spelled(char[] chars, int from, int to, int width) {
    byte[] bytes = new byte[(to - from + 1) / (width + 1)];
    for (int b = 0, at = from; b < bytes.length; b++, at += width + 1) {
      int value = 0;
      for (int d = 0; d < width; d++) {
        value = value * (width == 8 ? 2 : 16) + Character.digit(chars[at + d], 16);
      }
      bytes[b] = (byte) value;
    }
    return bytes;
  }

  /** Whether a token of {@code width} binary or hex digits, standing alone (no letter or digit either side), is at {@code at}. */
  private static boolean token(char[] chars, int n, int at, int width, boolean binary) {
    if (at < 0 || at + width > n || (at > 0 && Character.isLetterOrDigit(chars[at - 1]))
        || (at + width < n && Character.isLetterOrDigit(chars[at + width]))) {
      return false;
    }
    for (int d = 0; d < width; d++) {
      char c = chars[at + d];
      if (binary ? c != '0' && c != '1' : !hexDigit(c)) {
        return false;
      }
    }
    return true;
  }

  /** The 6-bit value of each base64 character of either alphabet ({@code + /} and {@code - _}), -1 for the rest. */
  private static final byte[] SEXTET = new byte[128];

  static {
    Arrays.fill(SEXTET, (byte) -1);
    String standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int k = 0; k < 64; k++) {
      SEXTET[standard.charAt(k)] = (byte) k;
    }
    SEXTET['-'] = 62;
    SEXTET['_'] = 63;
  }

  /**
   * The bytes of a base64 run (either alphabet, padding optional), or null for a run that mixes the
   * two alphabets: a path or an identifier, never an encoding. A run may start mid-way in a longer
   * token; a last lone character (a length of 4k + 1) is dropped, as a real payload cut there would
   * be. Decoded here rather than by java.util.Base64, whose decoder throws for what this accepts and
   * a thrown exception per word-like run cost more than the decoding.
   */
  private static byte[] base64(String run) {
    int length = run.length();
    while (length > 0 && run.charAt(length - 1) == '=') {
      length--;
    }
    boolean standard = false;
    boolean urlSafe = false;
    for (int k = 0; k < length; k++) {
      char c = run.charAt(k);
      standard |= c == '+' || c == '/';
      urlSafe |= c == '-' || c == '_';
      if (c >= 128 || SEXTET[c] < 0) {
        return null;
      }
    }
    if (standard && urlSafe) {
      return null;
    }
    if (length % 4 == 1) {
      length--;
    }
    byte[] out = new byte[length * 3 / 4];
    int bits = 0;
    int pending = 0;
    int at = 0;
    for (int k = 0; k < length; k++) {
      bits = bits << 6 | SEXTET[run.charAt(k)];
      pending += 6;
      if (pending >= 8) {
        pending -= 8;
        out[at++] = (byte) (bits >> pending);
      }
    }
    return out;
  }

  /** Whether {@code chars[from, to)} is in the base32 alphabet of RFC 4648 (capitals and 2 to 7), tried when base64 read nothing. */
  private static boolean base32Run(char[] chars, int from, int to) {
    for (int k = from; k < to; k++) {
      char c = chars[k];
      if (!(c >= 'A' && c <= 'Z') && !(c >= '2' && c <= '7')) {
        return false;
      }
    }
    return true;
  }

  /** The bytes of a base32 run (RFC 4648, unpadded), five bits a character; trailing bits of a cut run are dropped. */
  private static byte[] base32(char[] chars, int from, int to) {
    byte[] out = new byte[(to - from) * 5 / 8];
    long bits = 0;
    int pending = 0;
    int at = 0;
    for (int k = from; k < to && at < out.length; k++) {
      char c = chars[k];
      bits = bits << 5 | (c >= 'A' ? c - 'A' : c - '2' + 26);
      pending += 5;
      if (pending >= 8) {
        pending -= 8;
        out[at++] = (byte) (bits >> pending);
      }
    }
    return out;
  }

  /** A view of readable decoded text, every character mapped to the whole encoded run, or null. */
  private static TextView fromBytes(TextView source, byte[] bytes, int from, int to) {
    if (bytes == null || bytes.length < 8) {
      return null;
    }
    // decoded without exceptions: most base64-alphabet runs (words, paths) are not UTF-8, and a thrown
    // CharacterCodingException per run cost more than the rest of the decoder
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars = CharBuffer.allocate(bytes.length);
    if (utf8.decode(ByteBuffer.wrap(bytes), chars, true).isError() || utf8.flush(chars).isError()) {
      return null;
    }
    String decoded = chars.flip().toString();
    int readable = 0;
    int letters = 0;
    for (int k = 0; k < decoded.length(); k++) {
      char c = decoded.charAt(k);
      if (c >= 0x20 && c != 0x7F || c == '\n' || c == '\r' || c == '\t') {
        readable++;
      }
      if (Character.isLetter(c) || c == ' ') {
        letters++;
      }
    }
    if (readable < decoded.length() * 0.95 || letters < decoded.length() * 0.5) {
      return null;
    }
    ViewBuilder out = new ViewBuilder(source, decoded.length());
    for (int k = 0; k < decoded.length(); k++) {
      out.append(decoded.charAt(k), from, to);
    }
    return out.build(View.DECODED, source.depth() + 1);
  }

  /** Whether an escape (%XX, an HTML entity, a backslash u or x escape) starts at {@code i}. */
  private static boolean escapeAt(char[] chars, int i, int n) {
    if (i + 2 >= n) {
      return false;
    }
    char c = chars[i];
    char d = chars[i + 1];
    return (c == '%' && Character.digit(d, 16) >= 0 && Character.digit(chars[i + 2], 16) >= 0)
        || (c == '&' && (d == '#' || Character.isLetter(d))) || (c == '\\' && (d == 'u' || d == 'x'));
  }

  /**
   * URL-encoding, HTML entities and backslash escapes, decoded in place; null when there are fewer
   * than two. {@code candidates}: where escapes may start, or null to look everywhere.
   */
  private static TextView unescape(TextView source, char[] chars, int[] candidates, ScanWork work) {
    String text = source.text();
    int escapes = 0;
    if (candidates != null) {
      for (int k = 0; k < candidates.length && escapes < 2; k++) {
        escapes += escapeAt(chars, candidates[k], text.length()) ? 1 : 0;
      }
    } else {
      int i = 0;
      for (; i < text.length() && escapes < 2; i++) {
        escapes += escapeAt(chars, i, text.length()) ? 1 : 0;
      }
      work.decoderRead(i);
    }
    if (escapes < 2) {
      return null;
    }
    ViewBuilder out = new ViewBuilder(source, text.length());
    boolean changed = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int consumed = 0;
      if (c == '%') {
        consumed = percent(text, i, out, work);
      } else if (c == '&') {
        consumed = entity(text, i, out, work);
      } else if (c == '\\') {
        consumed = backslash(text, i, out, work);
      }
      if (consumed > 0) {
        changed = true;
        i += consumed;
      } else {
        out.append(c, i, i + 1);
        i++;
      }
    }
    work.decoderRead(text.length());
    return changed ? out.build(View.DECODED, source.depth() + 1) : null;
  }

  /** A run of %XX bytes, decoded as UTF-8; returns characters consumed. Each helper counts what it reads. */
  private static int percent(String text, int at, ViewBuilder out, ScanWork work) {
    int i = at;
    ByteBuffer bytes = ByteBuffer.allocate(Math.min(64, (text.length() - at) / 3 + 1));
    while (i + 2 < text.length() && text.charAt(i) == '%' && bytes.hasRemaining()) {
      int hi = Character.digit(text.charAt(i + 1), 16);
      int lo = Character.digit(text.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        break;
      }
      bytes.put((byte) (hi << 4 | lo));
      i += 3;
    }
    work.decoderRead(i - at + 3);
    if (i == at) {
      return 0;
    }
    bytes.flip();
    CharBuffer chars = StandardCharsets.UTF_8.decode(bytes);
    if (chars.length() == (i - at) / 3) {
      // one character per byte (ASCII): map each to its own escape
      for (int k = 0; k < chars.length(); k++) {
        out.append(chars.charAt(k), at + 3 * k, at + 3 * k + 3);
      }
    } else {
      out.append(chars, at, i);
    }
    return i - at;
  }

  private static int entity(String text, int at, ViewBuilder out, ScanWork work) {
    // look no further than the longest entity: an unbounded search for ';' made a run of '&' quadratic
    int semicolon = -1;
    int k = at + 1;
    for (int last = Math.min(text.length(), at + MAX_ENTITY); k < last; k++) {
      if (text.charAt(k) == ';') {
        semicolon = k;
        break;
      }
    }
    work.decoderRead(k - at);
    if (semicolon < 0) {
      return 0;
    }
    String name = text.substring(at + 1, semicolon);
    int cp = -1;
    if (name.startsWith("#x") || name.startsWith("#X")) {
      cp = parse(name.substring(2), 16);
    } else if (name.startsWith("#")) {
      cp = parse(name.substring(1), 10);
    } else {
      cp = switch (name) {
        case "lt" -> '<';
        case "gt" -> '>';
        case "amp" -> '&';
        case "quot" -> '"';
        case "apos" -> '\'';
        case "nbsp" -> ' ';
        case "sol" -> '/';
        case "colon" -> ':';
        case "period" -> '.';
        default -> -1;
      };
    }
    if (cp < 0 || cp > Character.MAX_CODE_POINT) {
      return 0;
    }
    out.append(new String(Character.toChars(cp)), at, semicolon + 1);
    return semicolon + 1 - at;
  }

  private static int backslash(String text, int at, ViewBuilder out, ScanWork work) {
    if (at + 1 >= text.length()) {
      return 0;
    }
    work.decoderRead(6);
    char kind = text.charAt(at + 1);
    int digits = kind == 'u' ? 4 : kind == 'x' ? 2 : 0;
    if (digits == 0 || at + 2 + digits > text.length()) {
      return 0;
    }
    int cp = parse(text.substring(at + 2, at + 2 + digits), 16);
    if (cp < 0) {
      return 0;
    }
    out.append((char) cp, at, at + 2 + digits);
    return 2 + digits;
  }

  private static int parse(String digits, int radix) {
    if (digits.isEmpty() || digits.length() > 7) {
      return -1;
    }
    try {
      return Integer.parseInt(digits, radix);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
