package io.dbwarden.sidecar.pg.protocol.frontend;

import io.dbwarden.sidecar.pg.protocol.PgMessage;

/** A message sent by the client (frontend) to the server. */
public interface FrontendMessage extends PgMessage {}
