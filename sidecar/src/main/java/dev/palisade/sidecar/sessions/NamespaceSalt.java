package dev.palisade.sidecar.sessions;

import dev.palisade.inspection.EvidenceFactory;
import dev.palisade.policy.DataFingerprints;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switches this sidecar's hashing to its namespace's salt when the operator delivers it: the evidence
 * key and the fingerprint salt are derived from it under labels of their own, so every sidecar of the
 * namespace hashes the same value the same way, and only then do its steps go to the others. Hashes
 * taken before the switch (under this process's own salt) match nothing after it. Only a digest of
 * the salt is kept, to tell a new salt from the current one; the salt is never logged.
 */
public final class NamespaceSalt implements Consumer<byte[]> {
  private static final Logger log = LoggerFactory.getLogger(NamespaceSalt.class);
  private final EvidenceFactory evidence;
  private final DataFingerprints fingerprints;
  private final SharedSessionReplica replica;
  private byte[] current;

  public NamespaceSalt(EvidenceFactory evidence, DataFingerprints fingerprints, SharedSessionReplica replica) {
    this.evidence = evidence;
    this.fingerprints = fingerprints;
    this.replica = replica;
  }

  @Override
  public synchronized void accept(byte[] salt) {
    byte[] digest = derive(salt, "palisade.dev/salt-digest");
    if (Arrays.equals(digest, current)) {
      return;
    }
    evidence.useSalt(derive(salt, "palisade.dev/evidence"));
    fingerprints.useSalt(ByteBuffer.wrap(derive(salt, "palisade.dev/fingerprints")).getLong());
    boolean first = current == null;
    current = digest;
    replica.salted();
    log.info("namespace session salt {}: evidence hashes and fingerprints now match across the namespace's servers",
        first ? "applied" : "replaced");
  }

  private static byte[] derive(byte[] salt, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
