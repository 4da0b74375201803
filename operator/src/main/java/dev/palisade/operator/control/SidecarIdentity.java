package dev.palisade.operator.control;

/**
 * Who called the control API, as the API server vouched for it (TokenReview).
 *
 * @param namespace the ServiceAccount's namespace
 * @param serviceAccount the ServiceAccount's name
 * @param pod the pod the token is bound to, or {@code null} when the token is not pod-bound
 */
public record SidecarIdentity(String namespace, String serviceAccount, String pod) {}
