package dev.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigPathTest {

  @Test
  void rendersKeysWithDotsAndIndicesInBrackets() {
    ConfigPath path =
        ConfigPath.root()
            .child("pipelines")
            .child("api")
            .child("policies")
            .index(1)
            .child("jwt")
            .child("action");

    assertThat(path).hasToString("pipelines.api.policies[1].jwt.action");
  }

  @Test
  void quotesKeysThatContainDotsBracketsOrSpaces() {
    assertThat(ConfigPath.root().child("apiEndpoints").child("my.api"))
        .hasToString("apiEndpoints[\"my.api\"]");
    assertThat(ConfigPath.root().child("tls").child("*.example.com").child("key"))
        .hasToString("tls[\"*.example.com\"].key");
    assertThat(ConfigPath.root().child("a b").child("x[0]").child(""))
        .hasToString("[\"a b\"][\"x[0]\"][\"\"]");
    assertThat(ConfigPath.root().child("say \"hi\"")).hasToString("[\"say \\\"hi\\\"\"]");
  }

  @Test
  void rootRendersAsEmptyString() {
    assertThat(ConfigPath.root()).hasToString("");
    assertThat(ConfigPath.root().isRoot()).isTrue();
    assertThat(ConfigPath.root().index(0).child("a")).hasToString("[0].a");
  }

  @Test
  void parseReadsWhatToStringWrites() {
    List<ConfigPath> paths =
        List.of(
            ConfigPath.root(),
            ConfigPath.root().child("target").child("keyFile"),
            ConfigPath.root().child("conditions").index(1).child("name"),
            ConfigPath.root().child("apiEndpoints").child("my.api").child("paths").index(0),
            ConfigPath.root().index(3).index(4),
            ConfigPath.root().child("q\"uo\\te\n").child("x"));

    for (ConfigPath path : paths) {
      assertThat(ConfigPath.parse(path.toString())).isEqualTo(path);
    }
  }

  @Test
  void parseReadsRelativePathsThatPoliciesReport() {
    assertThat(ConfigPath.parse("target.keyFile").segments())
        .containsExactly(new ConfigPath.Key("target"), new ConfigPath.Key("keyFile"));
    assertThat(ConfigPath.parse("conditions[1]").segments())
        .containsExactly(new ConfigPath.Key("conditions"), new ConfigPath.Index(1));
  }

  @Test
  void parseRejectsMalformedPathsNamingThePosition() {
    assertThatThrownBy(() -> ConfigPath.parse("a..b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a..b'")
        .hasMessageContaining("character 3");
    assertThatThrownBy(() -> ConfigPath.parse("a[x]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ConfigPath.parse("a[\"x]")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> ConfigPath.parse("a[1")).hasMessageContaining("']'");
  }

  @Test
  void resolveAppendsARelativePath() {
    ConfigPath action = ConfigPath.parse("pipelines.api.policies[0].proxy[0].action");

    assertThat(action.resolve(ConfigPath.parse("target.keyFile")))
        .hasToString("pipelines.api.policies[0].proxy[0].action.target.keyFile");
    assertThat(action.resolve(ConfigPath.root())).isEqualTo(action);
    assertThat(ConfigPath.root().resolve(action)).isEqualTo(action);
  }

  @Test
  void parentDropsTheLastSegmentAndRootHasNone() {
    assertThat(ConfigPath.parse("a.b[2]").parent()).isEqualTo(ConfigPath.parse("a.b"));
    assertThat(ConfigPath.parse("a").parent()).isEqualTo(ConfigPath.root());
    assertThatThrownBy(() -> ConfigPath.root().parent()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pathsAreImmutableValues() {
    ConfigPath base = ConfigPath.parse("a");
    ConfigPath child = base.child("b");

    assertThat(base).hasToString("a");
    assertThat(child).isEqualTo(ConfigPath.parse("a.b")).hasSameHashCodeAs(ConfigPath.parse("a.b"));
    assertThat(child.startsWith(base)).isTrue();
    assertThat(base.startsWith(child)).isFalse();
    assertThatThrownBy(() -> child.segments().add(new ConfigPath.Index(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> base.index(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
