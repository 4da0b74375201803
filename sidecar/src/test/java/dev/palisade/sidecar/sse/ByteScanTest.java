package dev.palisade.sidecar.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteScanTest {
  /** The word-at-a-time searches must answer exactly as a byte loop, at every alignment and length. */
  @Test
  void agreesWithAByteLoop() {
    Random random = new Random(3);
    byte[] alphabet = {'a', 'z', ':', ' ', '\n', '\r', 0, 0x7f, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0x0b, 0x0e};
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // mostly ASCII letters, so the interesting bytes land at every offset within a word
        bytes[i] = random.nextInt(6) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
      int end = from + random.nextInt(bytes.length - from + 1);
      assertEquals(naiveLineBreak(bytes, from, end), ByteScan.lineBreak(bytes, from, end));
      assertEquals(naiveNonAscii(bytes, from, end), ByteScan.nonAscii(bytes, from, end));
    }
  }

  @Test
  void findsTheFirstOfSeveralInOneWord() {
    byte[] bytes = "ab\r\ncd\nef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertEquals(2, ByteScan.lineBreak(bytes, 0, bytes.length));
    assertEquals(3, ByteScan.lineBreak(bytes, 3, bytes.length));
    assertEquals(6, ByteScan.lineBreak(bytes, 4, bytes.length));
    assertEquals(bytes.length, ByteScan.lineBreak(bytes, 7, bytes.length));
  }

  private static int naiveLineBreak(byte[] bytes, int from, int end) {
    for (int i = from; i < end; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return end;
  }

  private static int naiveNonAscii(byte[] bytes, int from, int end) {
    for (int i = from; i < end; i++) {
      if ((bytes[i] & 0xff) >= 0x80) {
        return i;
      }
    }
    return end;
  }
}
