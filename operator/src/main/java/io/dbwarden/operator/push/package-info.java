/**
 * The policy push server: sidecars keep a WebSocket open to it, prove with their projected token
 * which pod they are, receive the bundle compiled for that pod and answer ACK or NACK, and send
 * audit summaries, all of which goes into the sidecar registry; replicas that are not the leader
 * relay it to the leader, which alone writes status.
 *
 * <p>Why a WebSocket, and not gRPC or plain HTTP/2: both ends already run on Netty, whose WebSocket
 * codecs need no further dependency (gRPC would bring its own Netty and protobuf); a WebSocket is
 * an HTTP/1.1 upgrade, so it passes Kubernetes Services, HTTP/1.1 proxies and TLS-terminating
 * gateways as they are, where HTTP/2 without TLS (h2c) often does not; and the messages are a
 * handful of JSON objects, one per text frame, with framing, ping/pong and close (with a reason)
 * given by the protocol.
 */
package io.dbwarden.operator.push;
