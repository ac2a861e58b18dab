package dev.videogen.aws;

import dev.videogen.jobs.JobEndListener;
import dev.videogen.jobs.JobViews;
import dev.videogen.jobs.ResultUrls;
import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.db.Database;
import dev.videogen.jobs.ports.ObjectStore;
import dev.videogen.jobs.sources.NetworkPolicy;
import dev.videogen.jobs.sources.SafeHttpClient;
import dev.videogen.jobs.webhooks.WebhookNotifier;
import dev.videogen.jobs.webhooks.WebhookRetrySchedule;
import java.time.Duration;

/**
 * The webhook sender of the service: signed with {@code WEBHOOK_SECRET} (see
 * {@link WebhookNotifier#signingSecret}), posted through an SSRF-checked client whose policy allows loopback only
 * where {@code ALLOW_LOOPBACK_SOURCES} does (the local stack), 5 s to connect, 10 s to answer, 20 s in all.
 */
public final class Webhooks {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TOTAL_LIMIT = Duration.ofSeconds(20);

    private Webhooks() {
    }

    /**
     * The sender for {@code config}; {@code store} makes the result URLs the events carry.
     *
     * @throws dev.videogen.jobs.ConfigException outside the local stack when no signing secret is configured
     */
    public static JobEndListener forConfig(ServiceConfig config, Database database, ObjectStore store) {
        String secret = WebhookNotifier.signingSecret(config);
        NetworkPolicy policy = config.allowLoopbackSources() ? NetworkPolicy.allowingLoopback()
                : NetworkPolicy.publicInternetOnly();
        SafeHttpClient http = new SafeHttpClient(policy, CONNECT_TIMEOUT, READ_TIMEOUT, TOTAL_LIMIT);
        JobViews views = new JobViews(new ResultUrls(store, config.publicBaseUrl(), config.resultUrlTtl()));
        WebhookRetrySchedule schedule = new WebhookRetrySchedule(config.timing().webhookFirstDelay(),
                WebhookRetrySchedule.STANDARD.longest(), WebhookRetrySchedule.STANDARD.giveUpAfter());
        return new WebhookNotifier(database, views, http, secret, schedule);
    }
}
