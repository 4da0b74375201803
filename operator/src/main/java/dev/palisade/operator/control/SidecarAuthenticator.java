package dev.palisade.operator.control;

import java.util.Optional;

/** Turns a bearer token into an identity, or nothing when the token is not valid for Palisade. */
public interface SidecarAuthenticator {
  /** Empty for a token that is invalid, expired or meant for another audience. */
  Optional<SidecarIdentity> authenticate(String token) throws AuthenticationUnavailable;

  /** The authority that checks tokens could not be asked (the API server is down): try again later. */
  final class AuthenticationUnavailable extends Exception {
    public AuthenticationUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
