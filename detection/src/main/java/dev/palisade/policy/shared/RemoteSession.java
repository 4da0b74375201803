package dev.palisade.policy.shared;

import dev.palisade.inspection.Category;
import dev.palisade.policy.SessionState;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one agent did behind the other sidecars of its namespace, as far as this sidecar knows: their
 * steps, newest first, and the taint they brought, as sorted salted hashes. Immutable, so the request
 * path reads it without a lock while the control thread builds the next one.
 */
public final class RemoteSession {
  public static final RemoteSession EMPTY = new RemoteSession(List.of(), Set.of(), new long[0], new long[0]);

  /** A step and the McpServer it went through. */
  public record Step(String server, SessionState.Step step) {}

  private final List<Step> stepsNewestFirst;
  private final Set<Category> taint;
  private final long[] valueHashes;
  private final long[] prints;

  /** @param valueHashes sorted; @param prints sorted (both are searched, never copied) */
  RemoteSession(List<Step> stepsNewestFirst, Set<Category> taint, long[] valueHashes, long[] prints) {
    this.stepsNewestFirst = List.copyOf(stepsNewestFirst);
    this.taint = Set.copyOf(taint);
    this.valueHashes = valueHashes;
    this.prints = prints;
  }

  public List<Step> stepsNewestFirst() {
    return stepsNewestFirst;
  }

  public Set<Category> taint() {
    return taint;
  }

  public boolean isEmpty() {
    return stepsNewestFirst.isEmpty() && valueHashes.length == 0 && prints.length == 0;
  }

  /** Whether a message with these evidence hashes and word fingerprints carries data this agent was tainted with elsewhere. */
  public boolean carries(Set<String> evidenceHashes, Set<Long> wordPrints) {
    if (valueHashes.length > 0) {
      for (String hash : evidenceHashes) {
        if (Arrays.binarySearch(valueHashes, SharedStep.valueKey(hash)) >= 0) {
          return true;
        }
      }
    }
    if (prints.length > 0) {
      for (Long print : wordPrints) {
        if (Arrays.binarySearch(prints, print) >= 0) {
          return true;
        }
      }
    }
    return false;
  }
}
