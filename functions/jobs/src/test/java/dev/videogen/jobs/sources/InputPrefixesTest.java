package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InputPrefixesTest {

    private final InputPrefixes prefixes = new InputPrefixes("examples/");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "7f1c9a7e-2b9d-4c1e-9d55-0a1b2c3d4e5f | inputs/7f1c9a7e-2b9d-4c1e-9d55-0a1b2c3d4e5f/",
            "team_a                               | inputs/team_a/",
            "a/b                                  | inputs/a%2Fb/",
            "a%2Fb                                | inputs/a%252Fb/",
            "..                                   | inputs/%2E%2E/",
            "user@example.com                     | inputs/user%40example%2Ecom/",
            "é                                    | inputs/%C3%A9/"})
    void anOwnersPrefixIsExactlyOneKeySegmentAndTellsOwnersApart(String owner, String prefix) {
        assertThat(InputPrefixes.ownerPrefix(owner)).isEqualTo(prefix);
    }

    @Test
    void callersWithoutAnOwnerUploadUnderAnonymous() {
        assertThat(InputPrefixes.ownerPrefix(null)).isEqualTo("inputs/anonymous/");
    }

    @ParameterizedTest(name = "{0} reads {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "alice | inputs/alice/1/clip.mp4       | true",
            "alice | inputs/alice/clip.mp4         | true",
            "alice | examples/background.mp4       | true",
            "alice | inputs/bob/1/clip.mp4         | false",
            "alice | inputs/alice                  | false",
            "alice | inputs/alice/                 | false",
            "alice | inputs/alicex/clip.mp4        | false",
            "alice | inputs/clip.mp4               | false",
            "alice | processed/vg_x.mp4            | false",
            "alice | examples                      | false",
            "alice | Inputs/alice/clip.mp4         | false",
            "bob   | inputs/alice/1/clip.mp4       | false",
            "a/b   | inputs/a/b/clip.mp4           | false",
            "a/b   | inputs/a%2Fb/clip.mp4         | true",
            "      | inputs/alice/1/clip.mp4       | true",
            "      | inputs/clip.mp4               | true",
            "      | examples/clip.mp4             | true",
            "      | processed/vg_x.mp4            | false",
            "      | inputs/                       | false"})
    void aCallerReadsItsOwnInputsAndTheSharedPrefixOnly(String owner, String key, boolean readable) {
        assertThat(prefixes.refusal(owner, key).isEmpty()).isEqualTo(readable);
    }

    @Test
    void aRefusalSaysWhereTheCallerMayRead() {
        assertThat(prefixes.refusal("alice", "inputs/bob/a.mp4"))
                .hasValue("must be one of your own inputs (under inputs/alice/ or examples/ of the service's bucket)");
    }

    @Test
    void withoutASharedPrefixOnlyTheOwnInputsAreReadable() {
        InputPrefixes none = new InputPrefixes(null);

        assertThat(none.refusal("alice", "examples/background.mp4")).isPresent();
        assertThat(none.refusal("alice", "inputs/alice/a.mp4")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"inputs/", "inputs/shared/", "input", "examples", "''"})
    void aSharedPrefixThatWouldOpenEveryonesInputsIsRefused(String shared) {
        assertThatThrownBy(() -> new InputPrefixes(shared)).isInstanceOf(IllegalArgumentException.class);
    }
}
