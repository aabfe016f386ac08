/** The proxy: connections, pipelines, startup and the relay between client and database. */
package io.dbwarden.sidecar.proxy;
