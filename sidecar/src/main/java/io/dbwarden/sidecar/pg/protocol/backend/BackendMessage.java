package io.dbwarden.sidecar.pg.protocol.backend;

import io.dbwarden.sidecar.pg.protocol.PgMessage;

/** A message sent by the server (backend) to the client. */
public interface BackendMessage extends PgMessage {}
