package dev.palisade.sidecar.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches over SSE events eight bytes at a time (SWAR: one 64-bit word per step). An event
 * is read three times before its JSON is parsed (framing, field check, UTF-8 check), and a
 * byte-per-step loop over a 4 KiB event cost more than the proxy's own work on it.
 */
final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = '\n' * ONES;
  private static final long CRS = '\r' * ONES;

  private ByteScan() {}

  /** Index of the first LF or CR in {@code [from, end)}, or {@code end}. */
  static int lineBreak(byte[] bytes, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i);
      long found = zeroBytes(word ^ LFS) | zeroBytes(word ^ CRS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return end;
  }

  /** Index of the first byte at or above 0x80 in {@code [from, end)}, or {@code end}. */
  static int nonAscii(byte[] bytes, int from, int end) {
    int i = from;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      long high = (long) LONGS.get(bytes, i) & HIGHS;
      if (high != 0) {
        return i + (Long.numberOfTrailingZeros(high) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (bytes[i] < 0) {
        return i;
      }
    }
    return end;
  }

  /**
   * The high bit of each byte of {@code word} that is zero. Bytes above a zero byte may be marked
   * too (the subtraction borrows), never below it, so the lowest mark is always exact.
   */
  private static long zeroBytes(long word) {
    return (word - ONES) & ~word & HIGHS;
  }
}
