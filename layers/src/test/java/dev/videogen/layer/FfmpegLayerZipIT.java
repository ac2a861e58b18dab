package dev.videogen.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** Room kept free under the limit. */
    static final long HEADROOM_BYTES = 40L * 1000 * 1000;

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
    void zipHoldsTheBinaryTheFontsWithTheirLicencesAndFreeTypeWithItsLibraries() throws IOException {
        try (Stream<Path> entries = Files.walk(layer.getPath("/"))) {
            List<String> files = entries.filter(Files::isRegularFile).map(Path::toString).sorted().toList();
            assertThat(files).contains("/bin/ffmpeg", "/fonts/DejaVuSans.LICENSE", "/fonts/DejaVuSans.ttf",
                    "/fonts/Noto.LICENSE", "/fonts/NotoSans-Regular.ttf", "/fonts/NotoSansDevanagari-Regular.ttf",
                    "/fonts/NotoSansArabic-Regular.ttf", "/fonts/DroidSansFallback.ttf",
                    "/fonts/DroidSansFallback.LICENSE", "/fonts/NotoColorEmoji.ttf", "/fonts/fontconfig.properties",
                    "/lib/libfreetype.so.6", "/lib/libpng16.so.16", "/lib/libbrotlidec.so.1",
                    "/lib/libbrotlicommon.so.1", "/lib/libz.so.1", "/lib/LICENSES");
            assertThat(files).allMatch(f -> f.startsWith("/bin/") || f.startsWith("/fonts/") || f.startsWith("/lib/"));
        }
    }

    @Test
    void freeTypeNeedsOnlyLibrariesInTheLayerAndAGlibcLambdaHas() throws IOException {
        // Amazon Linux 2023 (the java21 runtime) has glibc 2.34
        Set<String> shipped = Set.of("libfreetype.so.6", "libpng16.so.16", "libbrotlidec.so.1", "libbrotlicommon.so.1",
                "libz.so.1");
        Set<String> system = Set.of("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0");
        for (String library : shipped) {
            ElfNeeds needs = ElfNeeds.read(Files.readAllBytes(layer.getPath("/lib/" + library)));
            assertThat(needs.libraries()).as(library).allMatch(n -> shipped.contains(n) || system.contains(n));
            assertThat(needs.highestGlibc()).as(library + " glibc").isLessThanOrEqualTo(234);
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
        for (String font : List.of("/fonts/DejaVuSans.ttf", "/fonts/DejaVuSans.LICENSE", "/fonts/NotoColorEmoji.ttf",
                "/lib/libfreetype.so.6")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(layer.getPath(font));
            assertThat(permissions).as(font).contains(PosixFilePermission.OTHERS_READ)
                    .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
        }
    }

    @Test
    void ffmpegIsTheConfiguredBinaryByteForByte() throws IOException {
        Path configured = Path.of(System.getProperty("videogen.layer.ffmpeg"));
        String expected;
        try (InputStream in = Files.newInputStream(configured)) {
            expected = sha256(in);
        }
        try (InputStream inLayer = Files.newInputStream(layer.getPath("/bin/ffmpeg"))) {
            assertThat(sha256(inLayer)).isEqualTo(expected);
        }
        if (configured.equals(Path.of(System.getProperty("videogen.layer.ffmpeg.bundled")))) {
            // no -Dlayer.ffmpeg: the layer carries the static build jave bundles
            try (InputStream bundled = getClass().getClassLoader().getResourceAsStream(FFMPEG_IN_JAVE_JAR)) {
                assertThat(bundled).as("jave-nativebin-linux64 on the test classpath").isNotNull();
                assertThat(sha256(bundled)).isEqualTo(expected);
            }
        }
    }

    @Test
    void ffmpegIsAStaticLinuxX8664Binary() throws IOException {
        // Lambda's image has none of the libraries a dynamically linked build would look for
        ByteBuffer elf = ByteBuffer.wrap(Files.readAllBytes(layer.getPath("/bin/ffmpeg"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464c457f);
        assertThat(elf.get(4)).as("64-bit").isEqualTo((byte) 2);
        assertThat(elf.getShort(18)).as("x86-64").isEqualTo((short) 62);
        long programHeaders = elf.getLong(32);
        int entrySize = Short.toUnsignedInt(elf.getShort(54));
        int entries = Short.toUnsignedInt(elf.getShort(56));
        for (int i = 0; i < entries; i++) {
            int type = elf.getInt((int) programHeaders + i * entrySize);
            assertThat(type).as("program header %d: PT_INTERP means a dynamic loader is needed", i).isNotEqualTo(3);
        }
    }

    @Test
    void ffmpegOfTheLayerHasEveryEncoderAndFilterTheRendererUses(@TempDir Path opt) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the layer's ffmpeg is a linux x86-64 binary; this machine cannot run it");
        unpackKeepingPermissions(opt);
        String encoders = runInEmptyEnvironment(opt, "-hide_banner", "-encoders");
        String filters = runInEmptyEnvironment(opt, "-hide_banner", "-filters");
        String demuxers = runInEmptyEnvironment(opt, "-hide_banner", "-demuxers");
        String banner = runInEmptyEnvironment(opt, "-nostdin");
        System.out.println("layer ffmpeg: " + banner.lines().findFirst().orElse(""));

        for (String encoder : List.of("libx264", "aac", "libvpx-vp9", "libopus", "gif", "png", "mjpeg")) {
            assertThat(encoders).as("encoder " + encoder).containsPattern("(?m)^ \\S{6} " + encoder + " ");
        }
        for (String filter : List.of("drawtext", "overlay", "xfade", "amix", "alimiter", "palettegen", "paletteuse",
                "scale", "crop", "pad", "tpad", "concat", "adelay", "apad", "atrim", "trim", "aresample", "zoompan")) {
            assertThat(filters).as("filter " + filter).containsPattern("(?m)^ \\S{3} " + filter + " ");
        }
        for (String demuxer : List.of("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "mp3", "wav", "ogg", "flac",
                "image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif")) {
            assertThat(demuxers).as("demuxer " + demuxer).contains(" " + demuxer + " ");
        }
    }

    private static String runInEmptyEnvironment(Path opt, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(opt.resolve("bin/ffmpeg").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(opt.toFile());
        builder.environment().clear();
        Process ffmpeg = builder.start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).as("ffmpeg finished").isTrue();
        return output;
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

    /**
     * Java2D draws shaped text from the unpacked layer on a machine like Lambda's: no system fonts, no fontconfig, no
     * system FreeType (all hidden in a private mount namespace), only /opt/lib on the library path and the layer's
     * font configuration. Without that configuration the JVM's font manager fails, as it does on Lambda.
     */
    @Test
    void java2dDrawsShapedTextFromTheLayerWithoutSystemFontsOrFontconfig(@TempDir Path opt) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && "amd64".equals(System.getProperty("os.arch")),
                "the layer's libraries are linux x86-64");
        unpackKeepingPermissions(opt);
        Path configuration = opt.resolve("fonts/fontconfig.properties");
        Files.writeString(configuration, Files.readString(configuration).replace("/opt/fonts", opt.resolve("fonts")
                .toString()));
        Path probe = opt.resolve("TextProbe.java");
        Files.writeString(probe, """
                import java.awt.Font;
                import java.awt.font.FontRenderContext;
                import java.awt.font.GlyphVector;
                import java.awt.image.BufferedImage;
                public class TextProbe {
                    public static void main(String[] args) throws Exception {
                        Font font = Font.createFont(Font.TRUETYPE_FONT, new java.io.File(args[0])).deriveFont(40f);
                        char[] text = "\u0915\u094D\u0937\u0924\u094D\u0930\u093F\u092F".toCharArray();
                        GlyphVector glyphs = font.layoutGlyphVector(new FontRenderContext(null, true, true), text, 0,
                                text.length, Font.LAYOUT_LEFT_TO_RIGHT);
                        BufferedImage image = new BufferedImage(300, 80, BufferedImage.TYPE_INT_ARGB);
                        java.awt.Graphics2D g = image.createGraphics();
                        g.fill(glyphs.getOutline(10, 55));
                        int ink = 0;
                        for (int y = 0; y < 80; y++) {
                            for (int x = 0; x < 300; x++) {
                                ink += (image.getRGB(x, y) >>> 24) > 128 ? 1 : 0;
                            }
                        }
                        System.out.println("glyphs=" + glyphs.getNumGlyphs() + " ink=" + ink);
                    }
                }
                """);
        String withLayerConfiguration = runHidden(opt, "-Dsun.awt.fontconfig=" + configuration, probe);
        assumeTrue(!withLayerConfiguration.contains("unshare failed"), "no private mount namespace here");
        // 8 characters shape into 4 glyphs (two conjuncts): the JDK's HarfBuzz ran on the layer's FreeType
        assertThat(withLayerConfiguration).as(withLayerConfiguration).contains("glyphs=4 ink=");
        int ink = Integer.parseInt(withLayerConfiguration.replaceAll("(?s).*ink=(\\d+).*", "$1"));
        assertThat(ink).isGreaterThan(300);
        String without = runHidden(opt, "-Dvideogen.none=1", probe);
        assertThat(without).as("the font manager without the layer's configuration").doesNotContain("glyphs=");
    }

    private static String runHidden(Path opt, String property, Path probe) throws Exception {
        Path empty = Files.createDirectories(opt.resolve("empty"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String script = "for d in /usr/share/fonts /etc/fonts; do [ -d $d ] && mount --bind " + empty + " $d; done; "
                + "for f in /usr/lib/x86_64-linux-gnu/libfreetype.so.6* /usr/lib/x86_64-linux-gnu/libfontconfig.so.1*"
                + " /lib64/libfreetype.so.6* /usr/lib64/libfreetype.so.6*; do [ -f $f ] && mount --bind /dev/null $f; "
                + "done; LD_LIBRARY_PATH=" + opt.resolve("lib") + " " + java + " -Djava.awt.headless=true " + property
                + " " + probe + " " + opt.resolve("fonts/NotoSansDevanagari-Regular.ttf");
        Process process = new ProcessBuilder("unshare", "-m", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (output.contains("unshare:")) {
            return "unshare failed: " + output;
        }
        return output;
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
        // at least 40 MB of headroom for what comes next
        assertThat(codeBytes + layerBytes).isLessThan(LAMBDA_UNZIPPED_LIMIT_BYTES - HEADROOM_BYTES);
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
