package dev.videogen.engine.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies a stream to a file, counting bytes as they arrive rather than trusting a declared length. */
public final class CappedCopy {

    private CappedCopy() {
    }

    /**
     * Copies {@code in} to {@code target}.
     *
     * @return the number of bytes written
     * @throws SourceFetchException with {@link SourceFetchException.Reason#TOO_LARGE} past {@code maxBytes} (the
     *                              partial file is deleted), or {@link SourceFetchException.Reason#DISK_FULL}
     */
    public static long copy(InputStream in, Path target, long maxBytes, String what) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw new SourceFetchException(SourceFetchException.Reason.TOO_LARGE,
                            what + " is larger than the limit of " + maxBytes + " bytes");
                }
                try {
                    out.write(buffer, 0, read);
                } catch (IOException e) {
                    if (String.valueOf(e.getMessage()).contains("No space left")) {
                        throw new SourceFetchException(SourceFetchException.Reason.DISK_FULL,
                                "no space left on the render disk while writing " + what, e);
                    }
                    throw e;
                }
            }
        } catch (SourceFetchException e) {
            Files.deleteIfExists(target);
            throw e;
        }
        return total;
    }
}
