package io.dbwarden.operator.injection;

import java.util.List;

/** A pod's injection annotations are wrong; the message names each one and says why. */
public final class InvalidAnnotationsException extends Exception {

  private static final long serialVersionUID = 1L;

  InvalidAnnotationsException(List<String> problems) {
    super(String.join("; ", problems));
  }
}
