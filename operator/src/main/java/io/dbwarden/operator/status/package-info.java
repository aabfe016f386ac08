/** Writing status: Kubernetes conditions and the one place status reaches the API server. */
package io.dbwarden.operator.status;
