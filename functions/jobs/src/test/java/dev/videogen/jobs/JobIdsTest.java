package dev.videogen.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdsTest {

    @Test
    void anIdIsVgAndTwentyLowercaseBase32Characters() {
        String id = JobIds.newJobId();

        assertThat(id).matches("vg_[a-z2-7]{20}").hasSize(23);
        assertThat(JobIds.wellFormed(id)).isTrue();
    }

    @Test
    void tenThousandIdsAreAllDifferentAndUseTheWholeAlphabetInEveryPosition() {
        Set<String> ids = new HashSet<>();
        List<Set<Character>> seenAt = new ArrayList<>();
        for (int position = 0; position < 20; position++) {
            seenAt.add(new HashSet<>());
        }
        for (int i = 0; i < 10_000; i++) {
            String id = JobIds.newJobId();
            ids.add(id);
            for (int position = 0; position < 20; position++) {
                seenAt.get(position).add(id.charAt(3 + position));
            }
        }

        assertThat(ids).hasSize(10_000).allMatch(JobIds::wellFormed);
        // 10,000 draws from 32 symbols miss one with a probability of about 32 × (31/32)^10000: never
        assertThat(seenAt).allSatisfy(symbols -> assertThat(symbols).hasSize(32));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "vg_", "vg_aaaaaaaaaaaaaaaaaaa", "vg_aaaaaaaaaaaaaaaaaaaaa", "vg_AAAAAAAAAAAAAAAAAAAA",
            "vg_aaaaaaaaaaaaaaaaaaa1", "vg_aaaaaaaaaaaaaaaaaaa8", "xx_aaaaaaaaaaaaaaaaaaaa", " vg_aaaaaaaaaaaaaaaaaaaa",
            "vg_aaaaaaaaaaaaaaaaaaaa\n", "../../etc/passwd"})
    void malformedIdsAreNotWellFormed(String id) {
        assertThat(JobIds.wellFormed(id)).isFalse();
    }
}
