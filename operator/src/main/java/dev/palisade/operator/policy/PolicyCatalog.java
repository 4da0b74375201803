package dev.palisade.operator.policy;

import dev.palisade.policy.McpPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The policies that passed validation, per namespace and name: what the control plane hands to
 * sidecars. A policy that fails validation is removed, so sidecars keep running on the last good
 * set only for policies that are still valid.
 */
public final class PolicyCatalog {
  private final Map<String, Map<String, McpPolicy>> namespaces = new ConcurrentHashMap<>();

  public void put(String namespace, McpPolicy policy) {
    namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(policy.name(), policy);
  }

  public void remove(String namespace, String name) {
    Map<String, McpPolicy> policies = namespaces.get(namespace);
    if (policies != null) {
      policies.remove(name);
    }
  }

  public Optional<McpPolicy> get(String namespace, String name) {
    return Optional.ofNullable(namespaces.getOrDefault(namespace, Map.of()).get(name));
  }

  public List<McpPolicy> inNamespace(String namespace) {
    return List.copyOf(namespaces.getOrDefault(namespace, Map.of()).values());
  }
}
