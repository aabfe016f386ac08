package io.dbwarden.api.push;

/**
 * The push stream's fixed names. A sidecar opens a WebSocket to {@link #PATH} on the operator's
 * stream port, presenting its projected service-account token (audience {@link #AUDIENCE}) as
 * {@code Authorization: Bearer} and naming its pod in {@link #POD_HEADER}; the upgrade is refused
 * with 401 or 403 unless the token is valid for that audience and was issued to that very pod. Then
 * each side sends {@link StreamMessage}s, one JSON object per text frame.
 */
public final class PushProtocol {

  /** The stream's path on the operator. */
  public static final String PATH = "/v1/sidecars/stream";

  /**
   * The path on which the leader takes what sidecars said to the other replicas. A replica presents
   * its own projected token (audience {@link #AUDIENCE}); the leader accepts only its own service
   * account.
   */
  public static final String REPLICAS_PATH = "/v1/replicas/stream";

  /** The audience a sidecar's projected token is issued for, and the operator reviews it for. */
  public static final String AUDIENCE = "dbwarden";

  /** The upgrade request's header naming the sidecar's pod, as {@code namespace/name}. */
  public static final String POD_HEADER = "Dbwarden-Pod";

  /** Largest message either side accepts: a bundle is a handful of policies, far below. */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private PushProtocol() {}
}
