package dev.videogen.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackProcessCompilerTest {

    @Test
    void readsTheTimeAJvmsCompilerThreadsHaveUsed() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "threads are read from /proc");
        long pid = ProcessHandle.current().pid();
        // this JVM has compiled the test framework by now; HotSpot reports how long its compilers took in all
        long compiledMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

        Optional<Duration> used = StackProcess.compilerCpu(pid);

        assertThat(used).isPresent();
        assertThat(compiledMillis).isGreaterThan(100);
        assertThat(used.get()).isPositive()
                .as("compiler threads' processor time is at most their wall time compiling, with tick rounding")
                .isLessThanOrEqualTo(Duration.ofMillis(compiledMillis + 100));
    }

    @Test
    void aProcessThatIsGoneHasNoCompilerToRead() {
        assertThat(StackProcess.compilerCpu(Long.MAX_VALUE)).isEmpty();
    }
}
