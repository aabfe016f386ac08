/** Masking: how result values are transformed before they reach the client. */
package io.dbwarden.sidecar.masking;
