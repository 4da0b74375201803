package dev.palisade.operator.mcpserver;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tool hashes sidecars reported, per McpServer: what the reconciler turns into status (first and
 * last seen, approval state) and, in trust-on-first-use mode, into approved pins.
 */
public final class ToolObservations {
  /** One tool as last reported. */
  public record Observation(String tool, String hash, Instant firstSeen, Instant lastSeen) {}

  private final Map<String, Map<String, Observation>> servers = new ConcurrentHashMap<>();

  public void observe(String namespace, String server, String tool, String hash, Instant at) {
    servers.computeIfAbsent(namespace + "/" + server, k -> new ConcurrentHashMap<>())
        .merge(tool, new Observation(tool, hash, at, at), (old, now) -> new Observation(tool, hash,
            old.firstSeen().isBefore(now.firstSeen()) ? old.firstSeen() : now.firstSeen(),
            old.lastSeen().isAfter(now.lastSeen()) ? old.lastSeen() : now.lastSeen()));
  }

  public List<Observation> of(String namespace, String server) {
    return servers.getOrDefault(namespace + "/" + server, Map.of()).values().stream()
        .sorted(Comparator.comparing(Observation::tool)).toList();
  }
}
