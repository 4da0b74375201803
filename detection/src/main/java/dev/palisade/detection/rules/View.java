package dev.palisade.detection.rules;

/** Which rendering of a string a rule runs on. */
public enum View {
  /** The text exactly as it travels. */
  RAW,
  /** NFKC, invisible characters removed, tag characters decoded, confusables folded, spacing collapsed. */
  NORMALISED,
  /** Payloads decoded from base64, hex, URL-encoding, HTML entities and escapes. */
  DECODED
}
