package io.dbwarden.sidecar.proxy;

/**
 * A (process id, secret key) pair as in BackendKeyData and CancelRequest. The proxy hands each
 * client its own pair and maps it to the upstream server's, so a client can never cancel another
 * client's backend by guessing, and never learns the server's key.
 */
public record CancelKey(int processId, int secretKey) {}
