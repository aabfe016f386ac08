package io.dbwarden.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbwarden.operator.http.HttpReply;
import io.dbwarden.operator.http.Route;
import io.netty.buffer.ByteBufInputStream;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook path: the {@code AdmissionReview} POSTed by the API server goes to the controller,
 * its answer comes back in a review with the same {@code uid}. A decision, denial included, is HTTP
 * 200; only a body that is no review at all gets 400.
 */
public final class AdmissionRoute implements Route {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionRoute.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/json";

  private final AdmissionController controller;

  public AdmissionRoute(AdmissionController controller) {
    this.controller = Objects.requireNonNull(controller, "controller must not be null");
  }

  @Override
  public HttpReply handle(FullHttpRequest request) {
    if (!HttpMethod.POST.equals(request.method())) {
      return HttpReply.text(405, "POST an AdmissionReview\n");
    }
    AdmissionRequest admission;
    try (InputStream body = new ByteBufInputStream(request.content())) {
      admission = AdmissionRequest.of(JSON.readTree(body));
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("rejected a webhook request that is not an AdmissionReview: {}", e.getMessage());
      return HttpReply.text(400, "not an admission.k8s.io/v1 AdmissionReview\n");
    }
    AdmissionResponse response = controller.review(admission);
    try {
      return new HttpReply(
          200,
          CONTENT_TYPE,
          JSON.writeValueAsString(AdmissionReviews.response(admission.uid(), response))
              .getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an AdmissionReview cannot be written", e);
    }
  }
}
