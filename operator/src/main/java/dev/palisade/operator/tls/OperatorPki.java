package dev.palisade.operator.tls;

import java.util.List;

/**
 * The operator's own PKI, as its Secret holds it.
 *
 * @param signingCa the CA that signs serving certificates now (always the last one of {@code trusted})
 * @param trusted every CA clients must still trust: the signing CA, and its predecessor while a rotation overlaps
 * @param serving the webhook's and control API's certificate, signed by a CA of {@code trusted}
 */
public record OperatorPki(KeyAndCertificate signingCa, CaBundle trusted, KeyAndCertificate serving) {
  public TlsState state() {
    return new TlsState(new ServingIdentity(serving.key(), List.of(serving.certificate())), trusted);
  }
}
