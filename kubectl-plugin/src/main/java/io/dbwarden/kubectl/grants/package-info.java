/** {@code pending}, {@code approve} and {@code deny}: AccessGrants waiting for a person. */
package io.dbwarden.kubectl.grants;
