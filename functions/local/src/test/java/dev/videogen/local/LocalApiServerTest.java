package dev.videogen.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalApiServerTest {

    /**
     * Nagle's algorithm would hold each response body until the client acknowledged its headers (the JDK server
     * writes them apart): up to 40 ms per answer on loopback. Checked in a fresh JVM, the way the command line starts,
     * because the JDK reads the setting once, when its first server is made.
     */
    @Test
    void theLocalApiServerSendsWithoutNagleDelays() throws Exception {
        Process probe = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "jdk.httpserver/sun.net.httpserver=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), NoDelayProbe.class.getName()))
                .redirectErrorStream(true).start();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output).contains("nodelay=true");
    }
}
