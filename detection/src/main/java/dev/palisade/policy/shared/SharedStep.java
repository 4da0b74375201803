package dev.palisade.policy.shared;

import dev.palisade.inspection.Category;
import dev.palisade.inspection.Direction;
import dev.palisade.policy.SessionState;
import dev.palisade.policy.ToolRole;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * One step of an agent's session as the sidecars of a namespace share it through the operator: the
 * tool, the direction, the tool's roles and the finding categories, and, for an answer that tainted
 * the session, the taint as salted 64-bit hashes. Never a value: the hashes are keyed with the
 * namespace's salt, which only the operator and that namespace's sidecars hold.
 *
 * <p>The arrays are owned by the step once it is built and never changed.
 *
 * @param principal the agent identity: with the namespace, the key that joins the servers of one agent
 * @param server the McpServer the step went through; {@code null} until the operator sets it from the
 *     route the step arrived on (a sidecar never names the server of its own steps)
 * @param time when the sidecar saw the message (the sidecar's clock)
 * @param method the MCP method ({@code tools/call}, {@code resources/read}, {@code prompts/get})
 * @param tool tool name, prompt name or resource URI, or {@code null}
 * @param taint sensitive categories the step tainted the session with (answers only)
 * @param valueHashes {@link #valueKey(String)} of each sensitive value a detector matched in a tainting answer
 * @param prints salted fingerprints of the data-like words of a tainting answer
 */
public record SharedStep(String principal, String server, java.time.Instant time, Direction direction, String method,
    String tool, Set<ToolRole> roles, Set<Category> categories, Set<Category> taint, long[] valueHashes, long[] prints) {
  private static final long[] NONE = new long[0];

  public SharedStep {
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(direction, "direction");
    roles = Set.copyOf(roles);
    categories = Set.copyOf(categories);
    taint = Set.copyOf(taint);
    valueHashes = valueHashes == null ? NONE : valueHashes;
    prints = prints == null ? NONE : prints;
  }

  /** The same step as it went through {@code origin}. */
  public SharedStep at(String origin) {
    return new SharedStep(principal, origin, time, direction, method, tool, roles, categories, taint, valueHashes, prints);
  }

  /** The step as a sequence rule matches it (no index: its place is decided by time). */
  public SessionState.Step asStep() {
    return new SessionState.Step(-1, time, direction, method, tool, roles, categories, false, false);
  }

  /**
   * The 64-bit form of an evidence hash for sharing: its first 16 hex digits (the hash is a salted
   * HMAC, so any 64 bits of it are as good as any other); anything that is not hex is hashed down.
   */
  public static long valueKey(String evidenceHash) {
    if (evidenceHash.length() >= 16 && isHex(evidenceHash, 16)) {
      return HexFormat.fromHexDigitsToLong(evidenceHash, 0, 16);
    }
    long h = 0xcbf29ce484222325L;
    for (byte b : evidenceHash.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  static boolean isHex(String text, int length) {
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
        return false;
      }
    }
    return true;
  }
}
