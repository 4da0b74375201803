package dev.palisade.detection.engine;

/**
 * Bounds on the work one scan may do, so no input makes a scan slow: decoding depth and size,
 * strings per message, findings per string.
 *
 * @param maxDecodeDepth how many layers of encoding are peeled (base64 inside URL-encoding is 2)
 * @param maxDecodedChars characters of each string examined for encoded payloads
 * @param maxStringsPerMessage strings of one message that are scanned one by one; the rest are scanned joined
 * @param maxFindingsPerString findings kept per string
 */
public record ScanLimits(int maxDecodeDepth, int maxDecodedChars, int maxStringsPerMessage, int maxFindingsPerString) {
  public static ScanLimits defaults() {
    return new ScanLimits(2, 256 * 1024, 20_000, 64);
  }
}
