package dev.palisade.sidecar.identity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS on the agents' side of the sidecar, optionally with client certificates (mTLS) that name the
 * calling agent.
 *
 * @param certificate PEM certificate chain of the listener
 * @param privateKey PEM private key of the listener
 * @param clientCa PEM CA certificates that sign agents' client certificates, or {@code null} for no mTLS
 * @param requireClientCertificate refuse connections without a valid client certificate
 */
public record ListenerTls(Path certificate, Path privateKey, Path clientCa, boolean requireClientCertificate) {
  public ListenerTls {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    if (requireClientCertificate && clientCa == null) {
      throw new IllegalArgumentException("requiring client certificates needs a client CA");
    }
  }
}
