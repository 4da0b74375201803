package dev.palisade.operator.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a TokenReview answer means for a sidecar; no API server needed. */
class TokenReviewAuthenticatorTest {
  @Test
  void aPodBoundServiceAccountTokenForPalisadeNamesNamespaceAccountAndPod() {
    assertThat(TokenReviewAuthenticator.identity(review(true, "palisade", "system:serviceaccount:team-a:weather"), "palisade"))
        .contains(new SidecarIdentity("team-a", "weather", "weather-7d9f-abcde"));
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(TokenReviewAuthenticator.identity(review(false, "palisade", "system:serviceaccount:team-a:weather"), "palisade"))
        .as("not authenticated").isEmpty();
    assertThat(TokenReviewAuthenticator.identity(review(true, "https://kubernetes.default.svc", "system:serviceaccount:team-a:weather"),
        "palisade")).as("the workload's own API token: another audience").isEmpty();
    assertThat(TokenReviewAuthenticator.identity(review(true, "palisade", "jane@example.com"), "palisade"))
        .as("a person, not a ServiceAccount").isEmpty();
  }

  private static TokenReview review(boolean authenticated, String audience, String user) {
    return new TokenReviewBuilder().withNewStatus().withAuthenticated(authenticated).withAudiences(List.of(audience))
        .withNewUser().withUsername(user)
        .withExtra(Map.of(TokenReviewAuthenticator.POD_NAME_EXTRA, List.of("weather-7d9f-abcde"))).endUser()
        .endStatus().build();
  }
}
