package dev.palisade.operator.tls;

/** What the operator serves with and what its clients must trust, from wherever the certificates come from. */
public record TlsState(ServingIdentity serving, CaBundle trusted) {}
