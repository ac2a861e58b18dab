package dev.videogen.aws.endtoend;

/** Request bodies over the media of a {@link MediaServer}. */
final class Compositions {

    private final MediaServer media;

    Compositions(MediaServer media) {
        this.media = media;
    }

    String request(String responseType, int width, int height, String elements) {
        return """
                {"width": %d, "height": %d, "response_type": "%s", "elements": [%s]}"""
                .formatted(width, height, responseType, elements);
    }

    /** The 2-second orange clip with a tone, and a logo in the corner. */
    String clipWithLogo() {
        return """
                {"id": "background", "type": "video", "source": "%s"},
                {"id": "logo", "type": "image", "source": "%s",
                 "x": "5%%", "y": "5%%", "width": "25%%", "height": "15%%"}"""
                .formatted(media.url("clip.mp4"), media.url("logo.png"));
    }

    /** The 2-second orange clip alone. */
    String clip() {
        return video("background", media.url("clip.mp4"));
    }

    String video(String id, String source) {
        return """
                {"id": "%s", "type": "video", "source": "%s"}""".formatted(id, source);
    }

    /** An async render that runs for several seconds: the 30-second clip scaled up to 1280x720. */
    String longRender() {
        return request("async", 1280, 720, video("background", media.url("long.mp4")));
    }

    /** The long render cut to {@code seconds}. */
    String longRender(int seconds) {
        return longRender().replace("\"elements\"", "\"duration\": " + seconds + ", \"elements\"");
    }
}
