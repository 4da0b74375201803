package dev.palisade.sidecar.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.integrity.PinRegistry;
import dev.palisade.integrity.ToolPin;
import dev.palisade.integrity.TrustMode;
import dev.palisade.policy.McpPolicy;
import dev.palisade.policy.PolicyEngine;
import dev.palisade.policy.PolicyException;
import dev.palisade.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies a configuration from the operator all at once or not at all: every policy is validated by
 * the same loader as policy files before anything changes, so a bad document leaves the sidecar on
 * its last good configuration. The namespace's session salt, when present, goes to whoever hashes
 * what this sidecar shares with the others of its namespace.
 */
public final class ConfigApplier {
  private final String server;
  private final PolicyEngine policies;
  private final PinRegistry pins;
  private final Consumer<TrustMode> trustMode;
  private final Consumer<byte[]> sessionSalt;
  private final PolicyLoader loader = new PolicyLoader();

  public ConfigApplier(String server, PolicyEngine policies, PinRegistry pins, Consumer<TrustMode> trustMode) {
    this(server, policies, pins, trustMode, salt -> { });
  }

  /** @param sessionSalt takes the namespace's session salt (at least 16 bytes) from each configuration that has one */
  public ConfigApplier(String server, PolicyEngine policies, PinRegistry pins, Consumer<TrustMode> trustMode,
      Consumer<byte[]> sessionSalt) {
    this.server = server;
    this.policies = policies;
    this.pins = pins;
    this.trustMode = trustMode;
    this.sessionSalt = sessionSalt;
  }

  /** @throws PolicyException naming the policy and field when anything is invalid; nothing is applied then */
  public void apply(JsonNode config) {
    TrustMode mode;
    try {
      mode = TrustMode.fromWireName(config.path("trustMode").asText("trust-on-first-use"));
    } catch (IllegalArgumentException e) {
      throw new PolicyException("control plane", "/trustMode", e.getMessage());
    }
    List<McpPolicy> loaded = new ArrayList<>();
    for (JsonNode document : config.path("policies")) {
      String name = document.path("metadata").path("name").asText("?");
      loaded.add(loader.fromResource("McpPolicy " + config.path("namespace").asText() + "/" + name, selected(document)));
    }
    Map<String, String> approved = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = config.path("approvedPins").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pin = it.next();
      approved.put(pin.getKey(), pin.getValue().asText());
    }
    byte[] salt = salt(config.path("sessionSalt"));
    trustMode.accept(mode);
    policies.replacePolicies(loaded);
    applyPins(mode, approved);
    if (salt != null) {
      sessionSalt.accept(salt);
    }
  }

  private static byte[] salt(JsonNode encoded) {
    if (encoded.isMissingNode() || encoded.isNull()) {
      return null;
    }
    try {
      byte[] salt = java.util.Base64.getDecoder().decode(encoded.asText(""));
      if (salt.length >= 16) {
        return salt;
      }
    } catch (IllegalArgumentException e) {
      // reported below, without the value
    }
    throw new PolicyException("control plane", "/sessionSalt", "must be base64 of at least 16 bytes");
  }

  /**
   * The operator already selected these policies for this server (by name or by its labels); the
   * sidecar's engine knows no labels, so the selector is dropped rather than matched again.
   */
  private static JsonNode selected(JsonNode document) {
    JsonNode copy = document.deepCopy();
    if (copy.path("spec") instanceof ObjectNode spec) {
      spec.remove("selector");
    }
    return copy;
  }

  /**
   * Approvals from the McpServer are authoritative: they are added, and in pinned mode an approval
   * the administrator withdrew is withdrawn here too (in the other modes the sidecar's own first-use
   * approvals stand until the operator has recorded them).
   */
  private void applyPins(TrustMode mode, Map<String, String> approved) {
    Map<String, ToolPin> current = pins.snapshot().getOrDefault(server, Map.of());
    approved.forEach((tool, hash) -> {
      ToolPin pin = current.get(tool);
      if (pin == null || !hash.equals(pin.approvedHash())) {
        pins.approve(server, tool, hash);
      }
    });
    if (mode == TrustMode.PINNED) {
      Map<String, ToolPin> revised = new LinkedHashMap<>(pins.snapshot().getOrDefault(server, Map.of()));
      boolean withdrawn = false;
      for (Map.Entry<String, ToolPin> entry : revised.entrySet()) {
        if (entry.getValue().approvedHash() != null && !approved.containsKey(entry.getKey())) {
          entry.setValue(entry.getValue().approve(null));
          withdrawn = true;
        }
      }
      if (withdrawn) {
        pins.restore(Map.of(server, revised));
      }
    }
  }
}
