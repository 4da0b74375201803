package dev.palisade.inspection;

/**
 * What a report may say about a matched value: a masked excerpt and a salted hash, never the value.
 *
 * @param excerpt masked (sensitive categories) or shortened (others) text of the match
 * @param hash salted HMAC-SHA256 of the matched value, hex, so repeats can be correlated
 */
public record Evidence(String excerpt, String hash) {
  public static final Evidence NONE = new Evidence("", "");
}
