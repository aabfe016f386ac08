/** Logs: one JSON object per line, carrying the namespace/name of the resource a line is about. */
package io.dbwarden.operator.logging;
