/** The command line: {@code run}, {@code demo} and the helper commands. */
package io.dbwarden.sidecar.cli;
