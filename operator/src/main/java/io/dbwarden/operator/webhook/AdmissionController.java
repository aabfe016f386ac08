package io.dbwarden.operator.webhook;

/** Decides admission requests for one webhook path. Runs on the event loop: it must not block. */
@FunctionalInterface
public interface AdmissionController {

  /** The answer to {@code request}. */
  AdmissionResponse review(AdmissionRequest request);
}
