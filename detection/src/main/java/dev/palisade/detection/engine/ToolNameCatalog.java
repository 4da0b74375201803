package dev.palisade.detection.engine;

import com.ibm.icu.text.SpoofChecker;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool names an agent has been shown, across the servers it uses, keyed by a folded form
 * (confusable skeleton, lower case, separators removed) so that near-duplicates collide:
 * {@code send_email}, {@code Send-Email} and {@code send_emaіl} (Cyrillic i) are one name.
 */
public final class ToolNameCatalog {
  private static final int MAX_NAMES = 50_000;
  private final SpoofChecker spoof = new SpoofChecker.Builder().build();
  private final Map<String, String> serverByName = new ConcurrentHashMap<>();

  public String fold(String name) {
    String skeleton = spoof.getSkeleton(name.toLowerCase(Locale.ROOT)).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(skeleton.length());
    for (int i = 0; i < skeleton.length(); i++) {
      char c = skeleton.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Records that {@code server} offers {@code name}; returns the other server that offers it, or null. */
  public String register(String server, String name) {
    String folded = fold(name);
    if (serverByName.size() >= MAX_NAMES && !serverByName.containsKey(folded)) {
      return null;
    }
    String previous = serverByName.putIfAbsent(folded, server);
    return previous == null || previous.equals(server) ? null : previous;
  }
}
