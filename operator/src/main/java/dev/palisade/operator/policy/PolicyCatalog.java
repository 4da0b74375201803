package dev.palisade.operator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.policy.McpPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The policies that passed validation, per namespace and name, each with the document it was read
 * from: what the control plane hands to sidecars. A policy that fails validation is removed, so
 * sidecars keep running on the last good set only for policies that are still valid.
 */
public final class PolicyCatalog {
  /** A validated policy and the resource document (apiVersion, kind, metadata.name, spec) it came from. */
  public record Entry(McpPolicy policy, JsonNode document) {}

  private final Map<String, Map<String, Entry>> namespaces = new ConcurrentHashMap<>();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /** Called after every put or remove (the control plane wakes sidecars waiting for a change). */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  public void put(String namespace, McpPolicy policy) {
    put(namespace, policy, null);
  }

  public void put(String namespace, McpPolicy policy, JsonNode document) {
    namespaces.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(policy.name(), new Entry(policy, document));
    changed();
  }

  public void remove(String namespace, String name) {
    Map<String, Entry> policies = namespaces.get(namespace);
    if (policies != null && policies.remove(name) != null) {
      changed();
    }
  }

  public Optional<McpPolicy> get(String namespace, String name) {
    return entry(namespace, name).map(Entry::policy);
  }

  public Optional<Entry> entry(String namespace, String name) {
    return Optional.ofNullable(namespaces.getOrDefault(namespace, Map.of()).get(name));
  }

  public List<McpPolicy> inNamespace(String namespace) {
    return namespaces.getOrDefault(namespace, Map.of()).values().stream().map(Entry::policy).toList();
  }

  /**
   * The valid policies that apply to a server, in order: those it names, then those whose selector
   * matches its labels (sorted by name). Empty means the built-in default applies.
   */
  public List<Entry> effective(String namespace, Collection<String> named, Map<String, String> labels) {
    Map<String, Entry> policies = namespaces.getOrDefault(namespace, Map.of());
    Set<String> names = new LinkedHashSet<>();
    if (named != null) {
      named.stream().filter(policies::containsKey).forEach(names::add);
    }
    policies.values().stream().map(Entry::policy).filter(p -> p.selector().matches(labels)).map(McpPolicy::name)
        .sorted().forEach(names::add);
    List<Entry> selected = new ArrayList<>();
    for (String name : names) {
      Entry entry = policies.get(name);
      if (entry != null) {
        selected.add(entry);
      }
    }
    return selected;
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }
}
