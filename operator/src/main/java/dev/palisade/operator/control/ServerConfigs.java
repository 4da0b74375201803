package dev.palisade.operator.control;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.palisade.crds.mcpserver.McpServer;
import dev.palisade.crds.mcpserver.McpServerSpec;
import dev.palisade.operator.policy.PolicyCatalog;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The effective configuration of one McpServer as its sidecars receive it: trust mode, labels, the
 * valid McpPolicy documents selected for it, its approved pins and its namespace's session salt
 * (base64; the sidecars of a namespace hash what they share with it, so it reaches them only over
 * this authenticated, in cluster TLS-protected channel and is never logged). The version is a hash of
 * the content, so it survives an operator restart and a sidecar re-applies nothing that did not change.
 */
public final class ServerConfigs {
  private final BiFunction<String, String, McpServer> servers;
  private final PolicyCatalog policies;
  private final Function<String, byte[]> sessionSalts;

  /** A configuration without a session salt (no cross-server sessions). */
  public ServerConfigs(BiFunction<String, String, McpServer> servers, PolicyCatalog policies) {
    this(servers, policies, null);
  }

  /**
   * @param servers looks an McpServer up by namespace and name (an informer's cache), {@code null} when absent
   * @param sessionSalts the salt of a namespace, or {@code null} for none
   */
  public ServerConfigs(BiFunction<String, String, McpServer> servers, PolicyCatalog policies,
      Function<String, byte[]> sessionSalts) {
    this.servers = servers;
    this.policies = policies;
    this.sessionSalts = sessionSalts;
  }

  /** The configuration document with its {@code version}, or empty when no such McpServer exists. */
  public Optional<ObjectNode> of(String namespace, String name) {
    McpServer server = servers.apply(namespace, name);
    if (server == null || server.getSpec() == null) {
      return Optional.empty();
    }
    McpServerSpec spec = server.getSpec();
    Map<String, String> labels = server.getMetadata().getLabels() == null ? Map.of() : server.getMetadata().getLabels();
    ObjectNode config = Serialization.jsonMapper().createObjectNode();
    config.put("namespace", namespace);
    config.put("server", name);
    config.put("trustMode", spec.effectiveTrustMode().wireName());
    ObjectNode labelNode = config.putObject("labels");
    new TreeMap<>(labels).forEach(labelNode::put);
    var policyNodes = config.putArray("policies");
    for (PolicyCatalog.Entry entry : policies.effective(namespace, spec.policies(), labels)) {
      if (entry.document() != null) {
        policyNodes.add(entry.document());
      }
    }
    ObjectNode pins = config.putObject("approvedPins");
    if (spec.approvedPins() != null) {
      new TreeMap<String, String>(spec.approvedPins().stream()
          .collect(java.util.stream.Collectors.toMap(McpServerSpec.ApprovedPin::tool, McpServerSpec.ApprovedPin::hash,
              (a, b) -> b)))
          .forEach(pins::put);
    }
    if (sessionSalts != null) {
      config.put("sessionSalt", Base64.getEncoder().encodeToString(sessionSalts.apply(namespace)));
    }
    ObjectNode versioned = Serialization.jsonMapper().createObjectNode();
    versioned.put("version", sha256(config.toString()).substring(0, 16));
    versioned.setAll(config);
    return Optional.of(versioned);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
