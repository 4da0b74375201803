package dev.palisade.sidecar.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseEventsTest {
  /** The UTF-8 check (with its ASCII skip) must agree with the JDK's strict decoder. */
  @Test
  void utf8CheckAgreesWithTheStrictDecoder() {
    Random random = new Random(11);
    byte[] interesting = {(byte) 0xC2, (byte) 0xC0, (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4,
        (byte) 0xF5, (byte) 0x80, (byte) 0xA0, (byte) 0xBF, (byte) 0x90, (byte) 0x8F, (byte) 0xFF};
    for (int round = 0; round < 50_000; round++) {
      byte[] bytes = new byte[random.nextInt(24)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(4) == 0 ? interesting[random.nextInt(interesting.length)] : (byte) random.nextInt(0x80);
      }
      assertEquals(strictlyDecodes(bytes), SseEvents.validUtf8(bytes), () -> java.util.HexFormat.of().formatHex(bytes));
    }
  }

  @Test
  void knowsTheStandardFieldsAndComments() {
    assertTrue(SseEvents.onlyKnownFields(bytes("event: message\nid: 7\ndata: {\"a\":1}\n: keep-alive\nretry: 10\n\n")));
    assertTrue(SseEvents.onlyKnownFields(bytes("\uFEFFdata: x\r\n\r\n")));
    assertFalse(SseEvents.onlyKnownFields(bytes("data: x\nextra: y\n\n")));
    assertFalse(SseEvents.onlyKnownFields(bytes("data: x\r\nnotafield\r\n")));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean strictlyDecodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
