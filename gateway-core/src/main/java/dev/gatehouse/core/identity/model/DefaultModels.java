package dev.gatehouse.core.identity.model;

/**
 * The models used when the configuration directory has no {@code models/} file of that name:
 * Express Gateway's, as shipped in the distribution's {@code config/models/} (a test keeps the two
 * equal).
 */
final class DefaultModels {

  private DefaultModels() {}

  static final String USERS =
      """
      {
        "$id": "http://express-gateway.io/models/users.json",
        "type": "object",
        "properties": {
          "firstname": { "type": "string" },
          "lastname": { "type": "string" },
          "email": { "type": "string", "format": "email" },
          "redirectUri": { "type": "string", "format": "uri" }
        },
        "required": ["firstname", "lastname"]
      }
      """;

  static final String APPLICATIONS =
      """
      {
        "$id": "http://express-gateway.io/models/applications.json",
        "type": "object",
        "properties": {
          "name": { "type": "string" },
          "redirectUri": { "type": "string", "format": "uri" }
        },
        "required": ["name"]
      }
      """;

  static final String CREDENTIALS =
      """
      {
        "$id": "http://express-gateway.io/models/credentials.json",
        "type": "object",
        "definitions": {
          "credentialBase": {
            "type": "object",
            "properties": {
              "autoGeneratePassword": { "type": "boolean", "default": true },
              "scopes": { "type": ["string", "array"], "items": { "type": "string" } }
            },
            "required": ["autoGeneratePassword", "passwordKey"]
          }
        },
        "properties": {
          "basic-auth": {
            "allOf": [
              { "properties": { "passwordKey": { "type": "string", "default": "password" } } },
              { "$ref": "#/definitions/credentialBase" }
            ]
          },
          "key-auth": {
            "type": "object",
            "properties": {
              "scopes": { "type": ["string", "array"], "items": { "type": "string" } }
            }
          },
          "jwt": {
            "type": "object",
            "properties": {}
          },
          "oauth2": {
            "allOf": [
              { "properties": { "passwordKey": { "type": "string", "default": "secret" } } },
              { "$ref": "#/definitions/credentialBase" }
            ]
          }
        }
      }
      """;
}
