package io.dbwarden.operator.webhook;

/**
 * Decides admission requests for one webhook path. Runs on the HTTP server's route threads, not on
 * the event loop: it may block briefly (a read from the API server), well within the webhook's
 * {@code timeoutSeconds}.
 */
@FunctionalInterface
public interface AdmissionController {

  /** The answer to {@code request}. */
  AdmissionResponse review(AdmissionRequest request);
}
