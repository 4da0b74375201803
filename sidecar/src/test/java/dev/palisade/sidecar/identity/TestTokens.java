package dev.palisade.sidecar.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.function.UnaryOperator;

/** An identity provider for tests: a key pair, its JWKS file, and tokens signed with it. */
final class TestTokens {
  static final String ISSUER = "https://idp.example.test";
  static final String AUDIENCE = "palisade";
  final RSAKey key;
  final Path jwks;

  TestTokens(Path dir) throws JOSEException, IOException {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
  }

  JwtSettings settings() {
    return new JwtSettings(ISSUER, AUDIENCE, "sub", jwks.toUri(), null);
  }

  String token(String subject) throws JOSEException {
    return token(claims -> claims.subject(subject));
  }

  String token(UnaryOperator<JWTClaimsSet.Builder> customize) throws JOSEException {
    return sign(key, customize);
  }

  static String sign(RSAKey signingKey, UnaryOperator<JWTClaimsSet.Builder> customize) throws JOSEException {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
        customize.apply(claims).build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }
}
