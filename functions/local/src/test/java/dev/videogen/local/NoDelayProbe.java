package dev.videogen.local;

import dev.videogen.aws.ApiHandler;
import dev.videogen.local.playground.PlaygroundFiles;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Run in a JVM of its own (as {@code bin/videogen} runs): starts the local API server and prints whether the JDK
 * server it runs on sets TCP_NODELAY on the connections it accepts ({@code sun.net.httpserver.ServerConfig}, read
 * once per JVM). Needs {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED}.
 */
final class NoDelayProbe {

    private NoDelayProbe() {
    }

    public static void main(String[] args) throws Exception {
        ApiHandler handler = new ApiHandler(() -> {
            throw new IllegalStateException("not called");
        });
        try (LocalApiServer server = new LocalApiServer(0, handler, new JobEventStreams(null, handler),
                new PlaygroundFiles(source -> Optional.empty()))) {
            Method noDelay = Class.forName("sun.net.httpserver.ServerConfig").getDeclaredMethod("noDelay");
            noDelay.setAccessible(true);
            System.out.println("nodelay=" + noDelay.invoke(null) + " port=" + server.port());
        }
    }
}
