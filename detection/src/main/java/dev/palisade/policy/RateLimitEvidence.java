package dev.palisade.policy;

/**
 * The evidence text of a rate-limit finding, and the one fact a proxy reads back from it: when the
 * caller may try again (for the {@code Retry-After} header).
 */
public final class RateLimitEvidence {
  private static final String RETRY = "; retry after ";

  private RateLimitEvidence() {}

  static String describe(RateLimit limit, long retryAfterSeconds) {
    return limit.name() + ": " + limit.requests() + " per " + limit.period() + RETRY + retryAfterSeconds + "s";
  }

  /** Seconds to wait, from a rate-limit finding's evidence; 1 when the text carries none. */
  public static long retryAfterSeconds(String evidence) {
    int at = evidence.lastIndexOf(RETRY);
    if (at < 0) {
      return 1;
    }
    int start = at + RETRY.length();
    int end = start;
    while (end < evidence.length() && Character.isDigit(evidence.charAt(end))) {
      end++;
    }
    try {
      return Math.max(1, Long.parseLong(evidence.substring(start, end)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
