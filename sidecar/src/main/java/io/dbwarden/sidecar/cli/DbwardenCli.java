package io.dbwarden.sidecar.cli;

public final class DbwardenCli {
  public static void main(String[] args) {
    System.out.println("hi");
  }
}
