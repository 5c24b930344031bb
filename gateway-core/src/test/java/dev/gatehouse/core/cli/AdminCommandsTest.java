package dev.gatehouse.core.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.core.testing.BlockedThreadGuard;
import dev.gatehouse.core.testing.GatewayFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Admin API command of {@code gatehouse} against a running gateway's real Admin API: tables
 * by default, JSON with {@code --json}, ids with {@code -q}, the API's problem detail and a
 * non-zero exit status on errors. Each test makes its own users, so they share one gateway.
 */
@ExtendWith(BlockedThreadGuard.class)
class AdminCommandsTest {

  private static GatewayFixture gateway;
  private static Cli cli;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    gateway =
        GatewayFixture.config(dir)
            .env("EG_DISABLE_CONFIG_WATCH", "true")
            .gateway("http: {port: 0}\nadmin: {port: 0}\n")
            .start();
    cli = Cli.at("http://127.0.0.1:" + gateway.adminPort());
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Creates a user and returns its id. */
  private static String user(String username) {
    Cli.Result created =
        cli.run(
            "users",
            "create",
            "-q",
            "-p",
            "username=" + username,
            "-p",
            "firstname=Ada",
            "-p",
            "lastname=Lovelace");
    assertThat(created.status()).as(created.toString()).isZero();
    return created.out().strip();
  }

  @Test
  void usersAreCreatedShownUpdatedListedDeactivatedAndRemoved() {
    String name = unique("ada");

    Cli.Result created =
        cli.run(
            "users",
            "create",
            "-p",
            "username=" + name,
            "-p",
            "firstname=Ada",
            "-p",
            "lastname=Lovelace",
            "-p",
            "email=ada@example.com");

    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.lines().get(0)).matches("Created user " + name + " \\([0-9a-f-]{36}\\)");
    assertThat(created.out())
        .containsPattern("(?m)^username +" + name + "$")
        .containsPattern("(?m)^email +ada@example.com$")
        .containsPattern("(?m)^isActive +true$");
    String id = cli.run("users", "info", name, "-q").out().strip();
    assertThat(created.lines().get(0)).contains(id);

    Cli.Result updated = cli.run("users", "update", name, "-p", "firstname=Augusta");
    assertThat(updated.status()).as(updated.toString()).isZero();
    assertThat(updated.out())
        .startsWith("Updated user " + name)
        .containsPattern("(?m)^firstname +Augusta$");
    assertThat(cli.run("users", "info", id, "--json").json().path("firstname").asText())
        .isEqualTo("Augusta");

    Cli.Result listed = cli.run("users", "list");
    assertThat(listed.lines().get(0)).matches("ID +USERNAME +FIRSTNAME +LASTNAME +EMAIL +ACTIVE");
    assertThat(listed.out())
        .containsPattern(
            "(?m)^" + id + " +" + name + " +Augusta +Lovelace +ada@example.com +true$");

    Cli.Result deactivated = cli.run("users", "deactivate", name);
    assertThat(deactivated.out()).isEqualTo("Deactivated " + name + "\n");
    assertThat(cli.run("users", "deactivate", name).out()).isEqualTo("Inactive " + name + "\n");
    assertThat(cli.run("users", "activate", name, "-q").out()).isEqualTo(name + "\n");

    Cli.Result removed = cli.run("users", "rm", name);
    assertThat(removed.out()).isEqualTo("Removed " + name + "\n");
    Cli.Result gone = cli.run("users", "info", name);
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.out()).isEmpty();
    assertThat(gone.err())
        .startsWith("gatehouse: ")
        .contains(name)
        .contains("[404 resource.not_found]");
  }

  @Test
  void aRefusedCreationShowsTheApiDetailAndExitsOne() {
    Cli.Result refused = cli.run("users", "create", "-p", "username=" + unique("nobody"));

    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err())
        .startsWith("gatehouse: ")
        .contains("firstname")
        .contains("[422 request.invalid_body]");
  }

  @Test
  void aDuplicateUsernameIsAConflict() {
    String name = unique("dup");
    user(name);

    Cli.Result again =
        cli.run(
            "users", "create", "-p", "username=" + name, "-p", "firstname=A", "-p", "lastname=B");

    assertThat(again.status()).isEqualTo(1);
    assertThat(again.err()).contains("[409 ");
  }

  @Test
  void stdinImportsEveryLineFollowsEveryPageAndReportsBadLinesByNumber() {
    String prefix = unique("bulk");
    String lines =
        IntStream.range(0, 105)
                .mapToObj(
                    i ->
                        "{\"username\":\"%s-%03d\",\"firstname\":\"F\",\"lastname\":\"L\"}"
                            .formatted(prefix, i))
                .collect(Collectors.joining("\n"))
            + "\n\nnot json\n{\"username\":\""
            + prefix
            + "-x\"}\n";

    Cli.Result imported = cli.stdin(lines).run("users", "create", "--stdin", "-q");

    assertThat(imported.status()).as(imported.err()).isEqualTo(1);
    assertThat(imported.lines()).hasSize(105).allMatch(l -> l.matches("[0-9a-f-]{36}"));
    assertThat(imported.err())
        .contains("gatehouse: line 107: not a JSON object: not json")
        .contains("gatehouse: line 108: ")
        .contains("lastname");
    List<String> usernames =
        cli.run("users", "list", "-q").lines().stream().filter(u -> u.startsWith(prefix)).toList();
    assertThat(usernames).hasSize(105).contains(prefix + "-000", prefix + "-104");
    assertThat(cli.run("users", "list", "--json").json().size()).isGreaterThanOrEqualTo(105);
  }

  @Test
  void stdinLinesTakeDefaultsFromPropertiesAndReportEachCreation() {
    String prefix = unique("imp");
    Cli.Result imported =
        cli.stdin(
                "{\"username\":\""
                    + prefix
                    + "-a\"}\n{\"username\":\""
                    + prefix
                    + "-b\",\"lastname\":\"Own\"}\n")
            .run("users", "create", "--stdin", "-p", "firstname=F", "-p", "lastname=L");

    assertThat(imported.status()).as(imported.toString()).isZero();
    assertThat(imported.lines())
        .hasSize(2)
        .anyMatch(l -> l.startsWith("Created user " + prefix + "-a ("));
    assertThat(cli.run("users", "info", prefix + "-b", "--json").json().path("lastname").asText())
        .isEqualTo("Own");

    Cli.Result json =
        cli.stdin("{\"username\":\"" + prefix + "-c\"}\n")
            .run("users", "create", "--stdin", "--json", "-p", "firstname=F", "-p", "lastname=L");
    assertThat(json.json().path("username").asText()).isEqualTo(prefix + "-c");
  }

  @Test
  void appsAreCreatedForAUserAndManagedLikeUsers() {
    String owner = unique("owner");
    String ownerId = user(owner);
    String name = unique("shop");

    Cli.Result created =
        cli.run(
            "apps",
            "create",
            "-u",
            owner,
            "-p",
            "name=" + name,
            "-p",
            "redirectUri=https://shop.example.com/cb");

    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.lines().get(0)).startsWith("Created app " + name + " (");
    assertThat(created.out()).containsPattern("(?m)^userId +" + ownerId + "$");
    String appId = cli.run("apps", "info", name, "-q").out().strip();
    Cli.Result listed = cli.run("apps", "list");
    assertThat(listed.lines().get(0)).matches("ID +NAME +USER ID +REDIRECT URI +ACTIVE");
    assertThat(listed.out())
        .containsPattern(
            "(?m)^"
                + appId
                + " +"
                + name
                + " +"
                + ownerId
                + " +https://shop.example.com/cb +true$");
    assertThat(cli.run("apps", "list", "-q").lines()).contains(appId);
    assertThat(
            cli.run("app", "update", appId, "-p", "redirectUri=https://new.example.com/cb").out())
        .contains("https://new.example.com/cb");

    assertThat(cli.run("users", "deactivate", owner).status()).isZero();
    assertThat(cli.run("apps", "info", appId, "--json").json().path("isActive").asBoolean())
        .as("deactivating a user deactivates its apps")
        .isFalse();
    assertThat(cli.run("apps", "activate", appId).out()).isEqualTo("Activated " + appId + "\n");
    assertThat(cli.run("apps", "remove", appId).out()).isEqualTo("Removed " + appId + "\n");
  }

  @Test
  void appsCreateNeedsAnOwnerAndReportsAnUnknownOne() {
    Cli.Result noOwner = cli.run("apps", "create", "-p", "name=x");
    assertThat(noOwner.status()).isEqualTo(2);
    assertThat(noOwner.err()).contains("must include --stdin or -u, --user");

    Cli.Result unknown = cli.run("apps", "create", "-u", unique("ghost"), "-p", "name=x");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("[404 resource.not_found]");

    String owner = unique("owner");
    user(owner);
    Cli.Result imported =
        cli.stdin("{\"user\":\"" + owner + "\",\"name\":\"a1\"}\n{\"name\":\"a2\"}\n")
            .run("apps", "create", "--stdin");
    assertThat(imported.status()).isEqualTo(1);
    assertThat(imported.out()).startsWith("Created app a1 (");
    assertThat(imported.err()).contains("line 2: no owner");
  }

  @Test
  void aKeyAuthCredentialShowsItsSecretOnceAndIsListedFilteredAndRemoved() {
    String owner = unique("keys");
    user(owner);
    assertThat(cli.run("scopes", "create", owner + ":read", owner + ":write").status()).isZero();

    Cli.Result created =
        cli.run(
            "credentials",
            "create",
            "-c",
            owner,
            "-t",
            "key-auth",
            "-p",
            "scopes=" + owner + ":read," + owner + ":write");

    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.lines().get(0)).startsWith("Created key-auth credential ");
    assertThat(created.out())
        .containsPattern("(?m)^keySecret +\\S+$")
        .containsPattern("(?m)^scopes +" + owner + ":read, " + owner + ":write$")
        .contains("The secret is shown this once");
    Cli.Result quiet = cli.run("credentials", "create", "-c", owner, "-t", "key-auth", "-q");
    assertThat(quiet.out().strip()).matches("[0-9A-Za-z]+:[0-9A-Za-z]+");
    String keyId = quiet.out().strip().split(":")[0];

    Cli.Result info = cli.run("credentials", "info", keyId, "-t", "key-auth");
    assertThat(info.out())
        .containsPattern("(?m)^keyId +" + keyId + "$")
        .doesNotContain("keySecret");
    assertThat(cli.run("credentials", "list", "-c", owner, "-q").lines())
        .hasSize(2)
        .contains(keyId);

    assertThat(cli.run("credentials", "deactivate", keyId, "-t", "key-auth").out())
        .isEqualTo("Deactivated " + keyId + "\n");
    assertThat(cli.run("credentials", "list", "-c", owner, "-q").lines())
        .hasSize(1)
        .doesNotContain(keyId);
    assertThat(cli.run("credentials", "list", "-c", owner, "-f", "archived", "-q").lines())
        .containsExactly(keyId);
    Cli.Result both = cli.run("credentials", "list", "-c", owner, "-f", "active", "archived");
    assertThat(both.lines().get(0)).matches("TYPE +ID +CONSUMER +ACTIVE +SCOPES");
    assertThat(both.lines()).hasSize(3);
    assertThat(cli.run("credentials", "list", "-f", "archived", "-q").lines())
        .as("every consumer's")
        .contains(keyId);
    assertThat(cli.run("credentials", "activate", keyId, "-t", "key-auth").out())
        .isEqualTo("Activated " + keyId + "\n");

    assertThat(cli.run("credentials", "remove", keyId, "-t", "key-auth").out())
        .isEqualTo("Removed " + keyId + "\n");
    Cli.Result gone = cli.run("credentials", "info", keyId, "-t", "key-auth");
    assertThat(gone.status()).isEqualTo(1);
    assertThat(gone.err()).contains("[404 resource.not_found]");
  }

  @Test
  void aBasicAuthCredentialPrintsIdAndGeneratedPasswordWhenQuiet() {
    String owner = unique("basic");
    String id = user(owner);

    Cli.Result created = cli.run("credential", "create", "-c", owner, "-t", "basic-auth", "-q");

    assertThat(created.status()).as(created.toString()).isZero();
    assertThat(created.out().strip()).startsWith(id + ":").hasSizeGreaterThan(id.length() + 8);
    Cli.Result json = cli.run("credentials", "info", id, "-t", "basic-auth", "--json");
    assertThat(json.json().path("isActive").asBoolean()).isTrue();
    assertThat(json.out()).doesNotContain(created.out().strip().substring(id.length() + 1));
  }

  @Test
  void aCredentialForAnUnknownConsumerOrWithoutTypeIsRefused() {
    Cli.Result unknown = cli.run("credentials", "create", "-c", unique("ghost"), "-t", "key-auth");
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("No consumer found with id").contains("[422 ");

    Cli.Result incomplete = cli.run("credentials", "create", "-c", "someone");
    assertThat(incomplete.status()).isEqualTo(2);
    assertThat(incomplete.err()).contains("-c with -t");

    Cli.Result badFilter = cli.run("credentials", "list", "-f", "deleted");
    assertThat(badFilter.status()).isEqualTo(2);
    assertThat(badFilter.err()).contains("Unrecognised filter type: deleted");
  }

  @Test
  void credentialsAreImportedFromStdinWithTheirSecretsWhenQuiet() {
    String owner = unique("stdin");
    user(owner);

    Cli.Result imported =
        cli.stdin(
                "{\"consumer\":\""
                    + owner
                    + "\",\"type\":\"key-auth\",\"keyId\":\"k-"
                    + owner
                    + "\",\"keySecret\":\"s3cret\"}\n{\"type\":\"jwt\"}\n")
            .run("credentials", "create", "--stdin", "-q", "-c", owner);

    assertThat(imported.status()).as(imported.toString()).isZero();
    assertThat(imported.lines()).hasSize(2).contains("k-" + owner + ":s3cret");
  }

  @Test
  void credentialScopesAreAddedRemovedAndReplaced() {
    String owner = unique("sc");
    user(owner);
    cli.run("scopes", "create", owner + "-a", owner + "-b", owner + "-c");
    String keyId =
        cli.run("credentials", "create", "-c", owner, "-t", "key-auth", "-q")
            .out()
            .strip()
            .split(":")[0];

    Cli.Result added =
        cli.run(
            "credential:scopes",
            "add",
            owner + "-a",
            owner + "-b",
            "-t",
            "key-auth",
            "--id",
            keyId);
    assertThat(added.out())
        .isEqualTo(
            "Scope "
                + owner
                + "-a added to "
                + keyId
                + "\nScope "
                + owner
                + "-b added to "
                + keyId
                + "\n");

    Cli.Result removed =
        cli.run(
            "credential:scope",
            "remove",
            owner + "-a",
            "-t",
            "key-auth",
            "--keyid",
            keyId,
            "--json");
    assertThat(removed.json().path("scopes").toString()).isEqualTo("[\"" + owner + "-b\"]");

    Cli.Result set =
        cli.run(
            "credential:scopes",
            "set",
            owner + "-c",
            owner + "-a",
            "-t",
            "key-auth",
            "--id",
            keyId,
            "--json");
    assertThat(set.json().path("scopes"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(owner + "-a", owner + "-c");

    Cli.Result unknown =
        cli.run("credential:scopes", "add", unique("nope"), "-t", "key-auth", "--id", keyId);
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.err()).contains("[422 ");

    assertThat(cli.run("credential:scopes", "set", "-t", "key-auth", "--id", keyId).out())
        .isEqualTo("Scopes cleared for " + keyId + "\n");
  }

  @Test
  void scopesAreCreatedShownListedAndRemoved() {
    String a = unique("scope");
    String b = unique("scope");

    assertThat(cli.run("scopes", "create", a, b).out()).isEqualTo("Created " + a + ", " + b + "\n");
    assertThat(cli.run("scope", "info", a).out()).isEqualTo(a + "\n");
    assertThat(cli.run("scopes", "info", a, "--json").json().path("scope").asText()).isEqualTo(a);
    Cli.Result listed = cli.run("scopes", "list");
    assertThat(listed.lines().get(0)).isEqualTo("SCOPE");
    assertThat(listed.lines()).contains(a, b);
    assertThat(cli.run("scopes", "list", "--json").json())
        .extracting(JsonNode::asText)
        .contains(a, b);

    Cli.Result duplicate = cli.run("scopes", "create", a);
    assertThat(duplicate.status()).isEqualTo(1);
    assertThat(duplicate.err()).contains("[409 ");

    Cli.Result removed = cli.run("scopes", "rm", a, unique("never"), b);
    assertThat(removed.status()).as("one of three did not exist").isEqualTo(1);
    assertThat(removed.out()).isEqualTo("Removed " + a + "\nRemoved " + b + "\n");
    assertThat(removed.err()).contains("[404 resource.not_found]");
    assertThat(cli.run("scopes", "info", a).status()).isEqualTo(1);
  }

  @Test
  void multiTargetCommandsListTheirResultsAsOneJsonArray() {
    String a = unique("j");
    String b = unique("j");
    user(a);
    user(b);

    Cli.Result deactivated = cli.run("users", "deactivate", a, b, unique("ghost"), "--json");

    assertThat(deactivated.status()).isEqualTo(1);
    JsonNode results = deactivated.json();
    assertThat(results.size()).isEqualTo(2);
    assertThat(results.get(0).path("id").asText()).isEqualTo(a);
    assertThat(results.get(0).path("status").asText()).isEqualTo("Deactivated");
    assertThat(deactivated.err()).contains("[404 ");
  }

  @Test
  void verboseReportsEachCallOnStandardError() {
    Cli.Result listed = cli.run("scopes", "list", "-v");

    assertThat(listed.status()).isZero();
    assertThat(listed.err())
        .containsPattern("> GET http://127.0.0.1:\\d+/scopes\n< 200 \\(\\d+ ms\\)\n");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cli.run("users", "create", "-p", "username").status()).isEqualTo(2);
    assertThat(cli.run("users", "create", "-p", "username").err())
        .contains("invalid property option: 'username'; write -p key=value");
    Cli.Result both = cli.run("users", "list", "--json", "-q");
    assertThat(both.status()).isEqualTo(2);
    assertThat(both.err()).contains("choose --json or -q");
    Cli.Result noSubcommand = cli.run("users");
    assertThat(noSubcommand.status()).isEqualTo(2);
    assertThat(noSubcommand.err())
        .contains("Usage: gatehouse users")
        .contains("create")
        .contains("deactivate");
    assertThat(cli.run("users", "frobnicate").status()).isEqualTo(2);
    assertThat(cli.run("credentials", "info", "x").err())
        .contains("Missing required option: '--type=TYPE'");
  }

  @Test
  void helpListsTheCommandsAndExitsZero() {
    List<String> groups = new ArrayList<>();
    for (String group :
        new String[] {"users", "apps", "credentials", "credential:scopes", "scopes", "tokens"}) {
      Cli.Result help = Cli.bare().run(group, "--help");
      assertThat(help.status()).as(group).isZero();
      groups.add(help.out());
    }
    assertThat(groups.get(0)).contains("activate").contains("list").contains("--admin-url");
    assertThat(groups.get(5)).contains("revoke");
    assertThat(Cli.bare().run("--help").out())
        .contains("users")
        .contains("credential:scopes")
        .contains("start");
  }

  @Test
  void anAdminApiThatIsNotThereExitsThree() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Cli.Result result = Cli.at("http://127.0.0.1:" + closed).run("users", "list");

    assertThat(result.status()).isEqualTo(3);
    assertThat(result.err())
        .contains("cannot connect to the Admin API at http://127.0.0.1:" + closed)
        .contains("--admin-url");
    Cli.Result badUrl = Cli.at("ftp://example.com").run("users", "list");
    assertThat(badUrl.status()).isEqualTo(2);
    assertThat(badUrl.err()).contains("must be an http or https URL");
  }
}
