package dev.palisade.sidecar.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies bearer JWTs: signature by a key of the configured set (asymmetric algorithms only, never
 * {@code none} or a shared secret), issuer, audience, expiry and not-before, and that the principal
 * claim is present. Returns the principal name.
 */
public final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.EdDSA);

  private final JwtSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public JwtVerifier(JwtSettings settings, JwksKeys keys) {
    this.settings = settings;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    // nimbus asks these sets about null, which immutable sets refuse: plain hash sets
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        new HashSet<>(Set.of(settings.audience())),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
        new HashSet<>(Set.of("exp", settings.principalClaim())),
        new HashSet<>()));
  }

  /** The principal the token names; throws {@link InvalidToken} with a reason safe to show the caller. */
  public String verify(String token) {
    try {
      JWTClaimsSet claims = processor.process(token, null);
      Object principal = claims.getClaim(settings.principalClaim());
      if (!(principal instanceof String name) || name.isBlank()) {
        throw new InvalidToken("the " + settings.principalClaim() + " claim is missing");
      }
      return name;
    } catch (ParseException e) {
      throw new InvalidToken("not a JWT");
    } catch (BadJOSEException e) {
      throw new InvalidToken(e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new InvalidToken("token could not be verified");
    }
  }

  /** A token that does not verify; the message never contains the token. */
  public static final class InvalidToken extends RuntimeException {
    InvalidToken(String reason) {
      super(reason, null, false, false);
    }
  }
}
