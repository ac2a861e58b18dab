package dev.videogen.jobs.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.videogen.engine.validation.FieldProblem;
import dev.videogen.jobs.JobFixtures;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The screen's host lookups: at once, each host once, within one deadline for the whole request. */
class SourceScreenDeadlineTest {

    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    private SourceScreen screen(Duration eachLookup, String privateHost) {
        return new SourceScreen(NetworkPolicy.publicInternetOnly(), "bucket", new InputPrefixes("examples/"), host -> {
            lookups.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(eachLookup.toMillis());
            return new InetAddress[] {InetAddress.getByAddress(host, host.equals(privateHost)
                    ? new byte[] {10, 0, 0, 7} : new byte[] {93, (byte) 184, (byte) 216, 34})};
        });
    }

    /**
     * 100 images on 50 hosts (each named twice) whose name servers take a second each: one after the other they would
     * take 50 s (100 s past the deadline's 2 s each), at once about a second.
     */
    private static String hundredSources() {
        String elements = IntStream.range(0, 100)
                .mapToObj(i -> "{\"type\": \"image\", \"source\": \"https://h" + (i % 50) + ".example.com/" + i
                        + ".png\"}")
                .collect(Collectors.joining(","));
        return "{\"width\": 320, \"height\": 180, \"duration\": 2, \"elements\": [" + elements + "]}";
    }

    @Test
    void aHundredSourcesOnSlowNameServersCostOneLookupOfTimeAndEachHostIsLookedUpOnce() {
        SourceScreen screen = screen(Duration.ofSeconds(1), "h17.example.com");
        long start = System.nanoTime();

        List<FieldProblem> problems = screen.problems(JobFixtures.request(hundredSources()), null);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(lookups).hasSize(50).allSatisfy((host, count) -> assertThat(count).as(host).hasValue(1));
        assertThat(problems).extracting(FieldProblem::field).containsExactly("elements[17].source",
                "elements[67].source");
    }

    @Test
    void lookupsPastTheRequestsDeadlineAreLeftToTheFetch() {
        SourceScreen screen = screen(Duration.ofSeconds(5), "h3.example.com");
        long start = System.nanoTime();

        List<FieldProblem> problems = screen.problems(JobFixtures.request(hundredSources()), null);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("one deadline, not one per host")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(problems).isEmpty();
    }
}
