package dev.videogen.jobs.sources;

import dev.videogen.engine.model.CompositionRequest;
import dev.videogen.engine.model.Element;
import dev.videogen.engine.model.ElementType;
import dev.videogen.engine.validation.FieldProblem;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Refuses, before a job is created, the sources and callback URLs that can already be seen to be out of bounds: an
 * {@code s3://} object outside the service's own bucket, with a key that climbs, or outside what the caller may read
 * ({@link InputPrefixes}: its own inputs and the shared prefix), and an http(s) URL whose host is,
 * or resolves to, an address the {@link NetworkPolicy} refuses (loopback, private, link-local, metadata…). What only
 * the fetch can tell — a redirect to such an address, a playlist behind an innocent name, a host whose answer
 * changes — is still checked then, on every hop and on the address actually connected to.
 */
public final class SourceScreen {

    /** One deadline for all of a request's host lookups, which run at once (a host named twice is looked up once). */
    private static final Duration RESOLVE_LIMIT = Duration.ofSeconds(2);

    /** Looks a host name up: {@link InetAddress#getAllByName} unless a test gives another. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws Exception;
    }
    /** Hosts Java reads as IPv4 numbers without asking a name server: dotted, decimal, hexadecimal, octal. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)[0-9.]+|0x[0-9a-f.x]+");

    private final NetworkPolicy policy;
    private final String ownBucket;
    private final InputPrefixes inputs;
    private final HostResolver hosts;
    private final ExecutorService resolver = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "source-screen-resolve");
        thread.setDaemon(true);
        return thread;
    });

    /** A screen with the default shared prefix, {@value InputPrefixes#DEFAULT_SHARED_PREFIX}. */
    public SourceScreen(NetworkPolicy policy, String ownBucket) {
        this(policy, ownBucket, new InputPrefixes(InputPrefixes.DEFAULT_SHARED_PREFIX));
    }

    public SourceScreen(NetworkPolicy policy, String ownBucket, InputPrefixes inputs) {
        this(policy, ownBucket, inputs, InetAddress::getAllByName);
    }

    public SourceScreen(NetworkPolicy policy, String ownBucket, InputPrefixes inputs, HostResolver hosts) {
        this.policy = policy;
        this.ownBucket = ownBucket;
        this.inputs = inputs;
        this.hosts = hosts;
    }

    /** The prefixes that decide which objects of the bucket each caller may name. */
    public InputPrefixes inputs() {
        return inputs;
    }

    /**
     * The problems of {@code request}'s sources and callback URL, each naming its field; empty when none.
     *
     * @param owner the caller's owner id, {@code null} when authentication is off
     */
    public List<FieldProblem> problems(CompositionRequest request, String owner) {
        // every distinct host is looked up at once, all within one deadline: a hundred sources on slow name servers
        // cost one lookup's wait, not a hundred
        Map<String, Future<InetAddress[]>> lookups = new HashMap<>();
        List<String> locations = new ArrayList<>();
        request.sourcedElements().forEach(element -> locations.add(element.source()));
        for (Element element : request.elements()) {
            if (element.type() == ElementType.CAPTION && element.source() != null) {
                locations.add(element.source());
            }
            if (element.drawsText() && element.textOptions().fontUrl() != null) {
                locations.add(element.textOptions().fontUrl());
            }
        }
        if (request.callbackUrl() != null) {
            locations.add(request.callbackUrl());
        }
        for (String location : locations) {
            httpHost(location).ifPresent(host -> lookups.computeIfAbsent(host,
                    name -> resolver.submit(() -> hosts.resolve(name))));
        }
        long deadline = System.nanoTime() + RESOLVE_LIMIT.toNanos();
        List<FieldProblem> problems = new ArrayList<>();
        for (Element element : request.sourcedElements()) {
            problem(element.source(), owner, lookups, deadline).ifPresent(message -> problems.add(
                    new FieldProblem(element.path() + ".source", message)));
        }
        for (Element element : request.elements()) {
            // a caption's subtitle file and a text's font_url are sources like any other
            if (element.type() == ElementType.CAPTION && element.source() != null) {
                problem(element.source(), owner, lookups, deadline).ifPresent(message -> problems.add(
                        new FieldProblem(element.path() + ".source", message)));
            }
            if (element.drawsText() && element.textOptions().fontUrl() != null) {
                problem(element.textOptions().fontUrl(), owner, lookups, deadline).ifPresent(message -> problems.add(
                        new FieldProblem(element.path() + ".font_url", message)));
            }
        }
        if (request.callbackUrl() != null) {
            problem(request.callbackUrl(), owner, lookups, deadline).ifPresent(message -> problems.add(
                    new FieldProblem("callback_url", message)));
        }
        lookups.values().forEach(lookup -> lookup.cancel(true));
        return problems;
    }

    private static Optional<String> httpHost(String location) {
        try {
            URI uri = new URI(location);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    ? Optional.of(uri.getHost()) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private Optional<String> problem(String location, String owner, Map<String, Future<InetAddress[]>> lookups,
                                     long deadline) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return Optional.empty(); // the parser has judged the syntax; the fetch reports what it cannot read
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "s3" -> objectProblem(location, owner);
            case "http", "https" -> uri.getHost() == null ? Optional.empty()
                    : hostProblem(uri.getHost(), lookups.get(uri.getHost()), deadline);
            default -> Optional.empty();
        };
    }

    private Optional<String> objectProblem(String location, String owner) {
        Optional<StoreObject> parsed = StoreObject.parse(location);
        if (parsed.isEmpty()) {
            return Optional.of("must be an s3://bucket/key URI");
        }
        StoreObject object = parsed.get();
        if (!object.bucket().equals(ownBucket)) {
            return Optional.of("must be an object of the service's own bucket (s3://" + ownBucket + "/…), not of "
                    + object.bucket());
        }
        for (String segment : object.key().split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.of("must be a plain object key: no empty, '.' or '..' segments");
            }
        }
        return inputs.refusal(owner, object.key());
    }

    private Optional<String> hostProblem(String host, Future<InetAddress[]> lookup, long deadline) {
        if (lookup == null) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | CancellationException e) {
            lookup.cancel(true);
            return Optional.empty(); // a slow name server is the fetch's to report, within its own limits
        } catch (ExecutionException e) {
            return Optional.empty(); // a name that does not resolve fails the fetch as SOURCE_DOWNLOAD_FAILED
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        boolean literal = host.startsWith("[") || NUMERIC_HOST.matcher(host).matches();
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                return Optional.of("must be on the public internet: " + host + (literal ? " is " : " resolves to ")
                        + refusal.get());
            }
        }
        return Optional.empty();
    }
}
