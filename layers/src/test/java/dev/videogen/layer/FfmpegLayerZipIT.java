package dev.videogen.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the built layer zip the way Lambda will use it: unpacked into /opt, the render
 * function runs /opt/bin/ffmpeg and points drawtext at /opt/fonts.
 */
class FfmpegLayerZipIT {

    /** Lambda refuses function code plus layers whose unzipped size reaches this many bytes. */
    static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L;

    static final String FFMPEG_IN_JAVE_JAR = "ws/schild/jave/nativebin/ffmpeg-amd64";

    static Path layerZip;
    static FileSystem layer;

    @BeforeAll
    static void openLayer() throws IOException {
        layerZip = Path.of(System.getProperty("videogen.layer.zip", "target/videogen-ffmpeg-layer.zip"));
        assertThat(layerZip).as("the layer zip built in the package phase").isRegularFile();
        // Entries without a unix mode must read as "no permissions", not zipfs's default rwxrwxrwx,
        // or a zip that lost the executable bit would pass.
        layer = FileSystems.newFileSystem(layerZip,
                Map.of("enablePosixFileAttributes", "true", "defaultPermissions", Set.of()));
    }

    @AfterAll
    static void closeLayer() throws IOException {
        layer.close();
    }

    @Test
    void zipHoldsTheBinaryUnderBinAndTheFontWithItsLicenseUnderFonts() throws IOException {
        try (Stream<Path> entries = Files.walk(layer.getPath("/"))) {
            List<String> files = entries.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
            assertThat(files).containsExactly("/bin/ffmpeg", "/fonts/DejaVuSans.LICENSE", "/fonts/DejaVuSans.ttf");
        }
    }

    @Test
    void ffmpegCarriesTheExecutableBitForOwnerGroupAndOthers() throws IOException {
        // Lambda runs the function as an unprivileged user, so "others" must be able to execute it.
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(layer.getPath("/bin/ffmpeg"));
        assertThat(permissions).contains(
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE,
                PosixFilePermission.OTHERS_READ);
    }

    @Test
    void fontsAreReadableButNotExecutable() throws IOException {
        for (String font : List.of("/fonts/DejaVuSans.ttf", "/fonts/DejaVuSans.LICENSE")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(layer.getPath(font));
            assertThat(permissions).as(font).contains(PosixFilePermission.OTHERS_READ)
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @Test
    void ffmpegIsTheBinaryJaveBundlesByteForByte() throws IOException {
        String fromJave;
        try (InputStream bundled = getClass().getClassLoader().getResourceAsStream(FFMPEG_IN_JAVE_JAR)) {
            assertThat(bundled).as("jave-nativebin-linux64 on the test classpath").isNotNull();
            fromJave = sha256(bundled);
        }
        try (InputStream inLayer = Files.newInputStream(layer.getPath("/bin/ffmpeg"))) {
            assertThat(sha256(inLayer)).isEqualTo(fromJave);
        }
    }

    @Test
    void ffmpegFromTheUnpackedLayerDrawsTextWithTheLayerFont(@TempDir Path opt) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the layer's ffmpeg is a linux x86-64 binary; this machine cannot run it");
        unpackKeepingPermissions(opt);
        Path frame = opt.resolve("frame.png");
        String drawtext = "drawtext=fontfile=" + opt.resolve("fonts/DejaVuSans.ttf")
                + ":text=Videogen:fontcolor=white:fontsize=40:x=10:y=20";
        Process ffmpeg = new ProcessBuilder(opt.resolve("bin/ffmpeg").toString(), "-hide_banner", "-nostdin",
                "-f", "lavfi", "-i", "color=c=black:s=240x90:d=1", "-vf", drawtext, "-frames:v", "1", frame.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        assertThat(ffmpeg.exitValue()).as(output).isZero();

        BufferedImage image = ImageIO.read(frame.toFile());
        assertThat(brightPixels(image)).as("pixels drawn by the text on a black frame").isGreaterThan(200);
    }

    @Test
    void layerAloneStaysUnderTheUnzippedLimit() throws IOException {
        long layerBytes = unzippedBytes(layerZip);
        System.out.printf("layer unzipped: %,d bytes%n", layerBytes);
        assertThat(layerBytes).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
    }

    @Test
    void functionCodePlusLayerStaysUnderTheUnzippedLimit() throws IOException {
        Path functionsJar = functionsJar();
        long codeBytes = unzippedBytes(functionsJar);
        long layerBytes = unzippedBytes(layerZip);
        System.out.printf("code unzipped: %,d bytes, layer unzipped: %,d bytes, together %,d of %,d%n",
                codeBytes, layerBytes, codeBytes + layerBytes, LAMBDA_UNZIPPED_LIMIT_BYTES);
        assertThat(codeBytes + layerBytes).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES);
    }

    @Test
    void functionCodeDoesNotShipASecondFfmpeg() throws IOException {
        // The shaded jar excludes jave-nativebin; a second 77 MB copy would eat the size budget.
        try (ZipFile code = new ZipFile(functionsJar().toFile())) {
            assertThat(code.getEntry(FFMPEG_IN_JAVE_JAR)).isNull();
        }
    }

    /**
     * The Lambda jar is shaded by functions/aws earlier in the reactor. When this module is
     * built on its own and the jar has never been built, the combined checks are reported as
     * skipped, with the reason, rather than passing on the layer alone.
     */
    static Path functionsJar() {
        Path jar = Path.of(System.getProperty("videogen.functions.jar", "../functions/aws/target/videogen-functions.jar"));
        assumeTrue(Files.isRegularFile(jar), "no " + jar + ": build functions/aws first (the reactor build does);"
                + " only the layer's own size was measured");
        return jar;
    }

    static long unzippedBytes(Path zip) throws IOException {
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                total += Math.max(entry.getSize(), 0);
            }
        }
        return total;
    }

    void unpackKeepingPermissions(Path target) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.walk(layer.getPath("/"))) {
            entries.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path entry : files) {
            Path destination = target.resolve(entry.toString().substring(1));
            Files.createDirectories(destination.getParent());
            Files.copy(entry, destination);
            Files.setPosixFilePermissions(destination, Files.getPosixFilePermissions(entry));
        }
    }

    static int brightPixels(BufferedImage image) {
        int bright = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int luminance = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
                if (luminance > 128) {
                    bright++;
                }
            }
        }
        return bright;
    }

    static String sha256(InputStream in) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
