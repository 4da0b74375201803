package dev.palisade.mcp;

/**
 * Bounds on what the codec will parse. Crossing one is a verdict (a JSON-RPC error), never an
 * exception that escapes.
 *
 * @param maxMessageBytes largest JSON document, in bytes
 * @param maxNestingDepth deepest nesting of arrays and objects
 * @param maxBatchSize most messages in one JSON-RPC batch
 */
public record CodecLimits(int maxMessageBytes, int maxNestingDepth, int maxBatchSize) {
  public static final CodecLimits DEFAULTS = new CodecLimits(4 * 1024 * 1024, 64, 256);

  public CodecLimits {
    if (maxMessageBytes <= 0 || maxNestingDepth <= 0 || maxBatchSize <= 0) {
      throw new IllegalArgumentException("codec limits must be positive");
    }
  }
}
