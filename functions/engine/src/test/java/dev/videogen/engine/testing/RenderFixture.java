package dev.videogen.engine.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videogen.engine.Cancellation;
import dev.videogen.engine.RenderListener;
import dev.videogen.engine.RenderResult;
import dev.videogen.engine.Renderer;
import dev.videogen.engine.RendererConfig;
import dev.videogen.engine.ffmpeg.FfmpegLocator;
import dev.videogen.engine.media.LocalOrHttpSourceFetcher;
import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.plan.EncoderSettings;
import dev.videogen.engine.plan.FontCatalog;
import dev.videogen.engine.validation.RequestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A renderer reading local files from one directory, with fast encoder settings, for tests that render for real. */
public final class RenderFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final Renderer renderer;
    private final RequestParser parser = new RequestParser(RequestParser.SourcePolicy.REMOTE_AND_LOCAL_FILES);

    public RenderFixture(Path directory) {
        this.directory = directory;
        Path fonts = FontCatalog.fontDirectory(null, directory.resolve("fonts"));
        RendererConfig config = RendererConfig.defaults(FfmpegLocator.bundledBinary(), directory.resolve("work"), fonts)
                .withEncoder(EncoderSettings.DEFAULT.withX264Preset("ultrafast"));
        this.renderer = new Renderer(config, new LocalOrHttpSourceFetcher(directory));
    }

    public Path directory() {
        return directory;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    public Renderer renderer() {
        return renderer;
    }

    /** Parses a request written as JSON; sources are file names inside the fixture's directory. */
    public CompositionRequest request(String json) {
        try {
            return parser.parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders a JSON request to {@code outputName} inside the fixture's directory. */
    public RenderResult render(String json, String outputName) {
        return renderer.render(request(json), directory.resolve(outputName), RenderListener.NONE, Cancellation.NEVER);
    }

    /** Whether the renderer's work root holds no leftover render directories. */
    public boolean workRootIsEmpty() {
        Path root = directory.resolve("work");
        if (!Files.exists(root)) {
            return true;
        }
        try (var entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
