/** Multi-step exchanges of connection startup: client authentication and the upstream login. */
package io.dbwarden.sidecar.proxy.flow;
