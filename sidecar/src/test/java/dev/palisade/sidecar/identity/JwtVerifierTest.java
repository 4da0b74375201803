package dev.palisade.sidecar.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtVerifierTest {
  @TempDir
  Path dir;
  private TestTokens tokens;
  private JwtVerifier verifier;

  @BeforeEach
  void keys() throws Exception {
    tokens = new TestTokens(dir);
    JwksKeys keys = new JwksKeys(tokens.jwks.toUri());
    keys.refresh();
    verifier = new JwtVerifier(tokens.settings(), keys);
  }

  @Test
  void aValidTokenNamesItsSubject() throws Exception {
    assertThat(verifier.verify(tokens.token("agent-42"))).isEqualTo("agent-42");
  }

  @Test
  void everyClaimThatMattersIsChecked() throws Exception {
    assertThatThrownBy(() -> verifier.verify(tokens.token(c -> c.subject("a").issuer("https://evil.example"))))
        .isInstanceOf(JwtVerifier.InvalidToken.class);
    assertThatThrownBy(() -> verifier.verify(tokens.token(c -> c.subject("a").audience("someone-else"))))
        .isInstanceOf(JwtVerifier.InvalidToken.class);
    assertThatThrownBy(() -> verifier.verify(tokens.token(c -> c.subject("a")
        .expirationTime(Date.from(Instant.now().minusSeconds(3600)))))).isInstanceOf(JwtVerifier.InvalidToken.class);
    assertThatThrownBy(() -> verifier.verify(tokens.token(c -> c.subject("a").expirationTime(null))))
        .isInstanceOf(JwtVerifier.InvalidToken.class);
    assertThatThrownBy(() -> verifier.verify(tokens.token(c -> c))).as("no subject").isInstanceOf(JwtVerifier.InvalidToken.class);
  }

  @Test
  void tokensSignedByAnotherKeyOrUnsignedAreRefused() throws Exception {
    var stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThatThrownBy(() -> verifier.verify(TestTokens.sign(stranger, c -> c.subject("a"))))
        .isInstanceOf(JwtVerifier.InvalidToken.class);
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
        ("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"palisade\",\"sub\":\"a\",\"exp\":9999999999}").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verifier.verify(header + "." + body + ".")).isInstanceOf(JwtVerifier.InvalidToken.class);
    assertThatThrownBy(() -> verifier.verify("garbage")).isInstanceOf(JwtVerifier.InvalidToken.class)
        .hasMessage("not a JWT");
  }

  @Test
  void aBrokenKeySetKeepsThePreviousKeys() throws Exception {
    JwksKeys keys = new JwksKeys(tokens.jwks.toUri());
    keys.refresh();
    Files.writeString(tokens.jwks, "{not json");
    assertThatThrownBy(keys::refresh).isInstanceOf(java.io.IOException.class);
    assertThat(new JwtVerifier(tokens.settings(), keys).verify(tokens.token("still-works"))).isEqualTo("still-works");
  }
}
