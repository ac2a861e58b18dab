package dev.videogen.jobs;

import dev.videogen.jobs.ports.ObjectStore;
import java.time.Duration;

/** Where clients download results: a CDN URL when a public base is configured, else a presigned GET. */
public final class ResultUrls {

    private final ObjectStore store;
    private final String publicBaseUrl;
    private final Duration ttl;

    public ResultUrls(ObjectStore store, String publicBaseUrl, Duration ttl) {
        this.store = store;
        this.publicBaseUrl = publicBaseUrl;
        this.ttl = ttl;
    }

    /** A URL for {@code key}; presigned URLs are made fresh on every call, so they are never stale when shown. */
    public String urlFor(String key) {
        if (publicBaseUrl != null) {
            return publicBaseUrl + "/" + key;
        }
        return store.presignedGetUrl(key, ttl);
    }

    /** Whether URLs are presigned (and so worth renewing when a job is read again). */
    public boolean presigned() {
        return publicBaseUrl == null;
    }
}
