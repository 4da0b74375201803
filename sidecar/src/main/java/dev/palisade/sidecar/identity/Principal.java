package dev.palisade.sidecar.identity;

/**
 * Who is calling and how the sidecar knows it, in order of trust: a verified bearer token, a verified
 * client certificate, a header set by a trusted gateway in front, or nobody ({@code anonymous}).
 */
public record Principal(String name, Source source) {
  public static final Principal ANONYMOUS = new Principal("anonymous", Source.ANONYMOUS);

  public enum Source {
    JWT,
    /** A Kubernetes ServiceAccount token the operator verified. */
    KUBERNETES,
    CLIENT_CERTIFICATE,
    TRUSTED_HEADER,
    ANONYMOUS
  }
}
