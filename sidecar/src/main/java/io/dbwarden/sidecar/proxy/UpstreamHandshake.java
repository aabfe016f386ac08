package io.dbwarden.sidecar.proxy;

import io.dbwarden.sidecar.pg.protocol.TransactionStatus;
import io.dbwarden.sidecar.pg.protocol.backend.NoticeResponse;
import java.util.List;
import java.util.Map;

/**
 * What the database said while a connection started: its run-time parameters, its cancel key, the
 * notices to pass on, and the transaction status of its first ReadyForQuery.
 */
record UpstreamHandshake(
    Map<String, String> parameters,
    CancelKey backendKey,
    List<NoticeResponse> notices,
    TransactionStatus transactionStatus) {}
