package dev.videogen.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/videogen}: the command line of the product. */
@Command(name = "videogen", mixinStandardHelpOptions = true, version = "videogen 0.1.0",
        description = "Self-hostable video composition: render requests, run the whole stack locally, manage the database.",
        subcommands = {RenderCommand.class, SubmitCommand.class, DevCommand.class, MigrateCommand.class, KeysCommand.class, BenchCommand.class,
            FfmpegPathCommand.class})
public final class VideogenCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        quietLogging();
        LocalApiServer.requireNoDelay();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line talks to its user through its own output; library logs show only warnings unless
     * {@code VIDEOGEN_LOG_LEVEL} asks for more. Set before the first logger exists.
     */
    static void quietLogging() {
        String level = System.getenv().getOrDefault("VIDEOGEN_LOG_LEVEL", "warn");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        if (System.getenv("VIDEOGEN_LOG_LEVEL") == null) {
            // the embedded database reports a failed start again from its shutdown hook; the command already
            // said what went wrong in one line
            System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "off");
        }
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new VideogenCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
