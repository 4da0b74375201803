package dev.palisade.operator.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What the operator's HTTPS listeners present: a private key and its certificate chain, leaf first. */
public record ServingIdentity(PrivateKey key, List<X509Certificate> chain) {
  public ServingIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a serving identity needs a certificate");
    }
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }
}
