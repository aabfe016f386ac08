/**
 * Automatic classification of columns: which hold personal data or secrets, found from the column's
 * name, its type and a sample of its values, with the evidence recorded.
 */
package io.dbwarden.sidecar.masking.classify;
