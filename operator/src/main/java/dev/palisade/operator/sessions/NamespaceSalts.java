package dev.palisade.operator.sessions;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The salt of each namespace, with which its sidecars hash what they share (fingerprints and value
 * hashes must match across servers, so a per-process salt will not do): HMAC-SHA256 of the namespace
 * name under one master key. The master key lives in a Secret in the operator's namespace, created
 * with 32 random bytes on first use and read back after a restart or failover, so salts survive both.
 * Namespaces get unrelated salts, and neither the key nor a salt is ever logged. Deleting the Secret
 * rotates every salt at the next operator start.
 */
public final class NamespaceSalts {
  private static final Logger log = LoggerFactory.getLogger(NamespaceSalts.class);
  static final String KEY = "master-key";
  private static final int KEY_BYTES = 32;

  private final KubernetesClient client;
  private final String secretNamespace;
  private final String secretName;
  private volatile SecretKeySpec master;

  /** @param secretNamespace the operator's namespace; @param secretName the Secret holding the master key */
  public NamespaceSalts(KubernetesClient client, String secretNamespace, String secretName) {
    this.client = client;
    this.secretNamespace = secretNamespace;
    this.secretName = secretName;
  }

  /**
   * The salt of {@code namespace} (32 bytes).
   *
   * @throws KubernetesClientException when the master key cannot be read or created now
   */
  public byte[] of(String namespace) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(master());
      return mac.doFinal(("palisade.dev/session-salt/v1\0" + namespace).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private SecretKeySpec master() {
    SecretKeySpec key = master;
    if (key == null) {
      synchronized (this) {
        if (master == null) {
          master = new SecretKeySpec(readOrCreate(), "HmacSHA256");
        }
        key = master;
      }
    }
    return key;
  }

  private byte[] readOrCreate() {
    byte[] existing = read();
    if (existing != null) {
      return existing;
    }
    byte[] fresh = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(fresh);
    Secret secret = new SecretBuilder().withNewMetadata().withName(secretName).withNamespace(secretNamespace)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "palisade-operator",
            "app.kubernetes.io/component", "session-salt"))
        .endMetadata().withType("Opaque").withData(Map.of(KEY, Base64.getEncoder().encodeToString(fresh))).build();
    try {
      client.secrets().inNamespace(secretNamespace).resource(secret).create();
      log.info("created the session salt master key Secret {}/{}", secretNamespace, secretName);
      return fresh;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      byte[] raced = read(); // another replica created it first
      if (raced == null) {
        throw e;
      }
      return raced;
    }
  }

  private byte[] read() {
    Secret secret = client.secrets().inNamespace(secretNamespace).withName(secretName).get();
    if (secret == null) {
      return null;
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
    byte[] key = encoded == null ? new byte[0] : Base64.getDecoder().decode(encoded);
    if (key.length < KEY_BYTES) {
      throw new IllegalStateException("Secret " + secretNamespace + "/" + secretName + " has no " + KEY
          + " of at least " + KEY_BYTES + " bytes; delete it and the operator creates a new one");
    }
    return key;
  }
}
