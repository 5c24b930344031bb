package dev.gatehouse.core.cli;

import java.util.List;

/**
 * Users or applications: the Admin API's paths and members for them, the columns of their table and
 * what {@code -q} lists (usernames for users, as Express Gateway's CLI does; ids for apps).
 */
enum ConsumerKind {
  USER(
      "users",
      "user",
      "username",
      "username",
      List.of("id", "username", "firstname", "lastname", "email", "isActive"),
      List.of("ID", "USERNAME", "FIRSTNAME", "LASTNAME", "EMAIL", "ACTIVE")),
  APP(
      "apps",
      "app",
      "name",
      "id",
      List.of("id", "name", "userId", "redirectUri", "isActive"),
      List.of("ID", "NAME", "USER ID", "REDIRECT URI", "ACTIVE"));

  /** The collection's path and the member that lists it, e.g. {@code users}. */
  final String plural;

  /** How messages name one, e.g. {@code user}. */
  final String singular;

  /** The member that names one, besides its id. */
  final String nameField;

  /** The member {@code list -q} prints. */
  final String quietField;

  final List<String> columns;
  final List<String> headers;

  ConsumerKind(
      String plural,
      String singular,
      String nameField,
      String quietField,
      List<String> columns,
      List<String> headers) {
    this.plural = plural;
    this.singular = singular;
    this.nameField = nameField;
    this.quietField = quietField;
    this.columns = columns;
    this.headers = headers;
  }

  String path() {
    return "/" + plural;
  }

  String path(String idOrName) {
    return path() + "/" + AdminHttp.segment(idOrName);
  }
}
