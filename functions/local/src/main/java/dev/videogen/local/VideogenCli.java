package dev.videogen.local;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/videogen}: the command line of the product. */
@Command(name = "videogen", mixinStandardHelpOptions = true, version = "videogen 0.1.0",
        description = "Self-hostable video composition: render requests, run the whole stack locally, manage the database.",
        subcommands = {RenderCommand.class, DevCommand.class, MigrateCommand.class, FfmpegPathCommand.class})
public final class VideogenCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new VideogenCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
