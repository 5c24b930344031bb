package dev.gatehouse.core;

public final class Main {
  public static void main(String[] a) {}
}
