package dev.videogen.local;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code videogen dev}: the whole product on this machine. */
@Command(name = "dev", description = "Run the whole stack on this machine: API, database, storage, queue and renderer.")
final class DevCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("videogen dev: the local stack is not available in this build yet");
        return 1;
    }
}
