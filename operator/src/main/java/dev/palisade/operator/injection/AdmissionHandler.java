package dev.palisade.operator.injection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AdmissionReview in, AdmissionReview out. A pod is always allowed: injection never blocks a
 * workload from starting; whether a missing sidecar is acceptable is the webhook's failurePolicy.
 */
public final class AdmissionHandler {
  private static final Logger log = LoggerFactory.getLogger(AdmissionHandler.class);
  private final InjectionConfig config;

  public AdmissionHandler(InjectionConfig config) {
    this.config = config;
  }

  public AdmissionReview review(AdmissionReview review) {
    AdmissionRequest request = review.getRequest();
    AdmissionResponseBuilder response = new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    if (request.getObject() instanceof Pod pod) {
      ArrayNode patch = SidecarInjector.patch(pod, request.getNamespace(), config);
      if (!patch.isEmpty()) {
        response.withPatchType("JSONPatch").withPatch(
            Base64.getEncoder().encodeToString(patch.toString().getBytes(StandardCharsets.UTF_8)));
        log.info("sidecar injected namespace={} pod={}", request.getNamespace(),
            pod.getMetadata().getName() != null ? pod.getMetadata().getName() : pod.getMetadata().getGenerateName());
      }
    }
    AdmissionResponse answer = response.build();
    return new AdmissionReviewBuilder().withApiVersion("admission.k8s.io/v1").withKind("AdmissionReview")
        .withResponse(answer).build();
  }

  public String review(String json) {
    return Serialization.asJson(review(Serialization.unmarshal(json, AdmissionReview.class)));
  }
}
