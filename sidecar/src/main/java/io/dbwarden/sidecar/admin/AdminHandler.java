package io.dbwarden.sidecar.admin;

/**
 * Answers the requests to one path. Runs on the admin port's own thread, never on the proxy's event
 * loops, so it may take a moment (read a registry, probe a port), but it holds up the admin
 * requests after it meanwhile. An exception is answered with 500 and a short message; its stack
 * trace is logged, never sent.
 */
@FunctionalInterface
public interface AdminHandler {

  AdminResponse handle(AdminRequest request) throws Exception;
}
