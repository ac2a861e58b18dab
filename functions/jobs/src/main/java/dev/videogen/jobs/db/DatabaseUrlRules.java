package dev.videogen.jobs.db;

import dev.videogen.jobs.ConfigException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.postgresql.Driver;

/**
 * What every connection to the database must carry, added to its JDBC URL or refused at start-up naming
 * {@code DATABASE_URL}:
 * <ul>
 *   <li>to Supabase ({@code *.supabase.co}, {@code *.supabase.com}): TLS with the server's certificate chain and host
 *       name verified ({@code sslmode=verify-full}); a weaker {@code sslmode}, or a factory that trusts any
 *       certificate, is refused. The chain is checked against Supabase's CA certificate, given as PEM (the
 *       {@code DATABASE_SSL_ROOT_CERT} setting) or as a file in the URL ({@code sslrootcert=…});</li>
 *   <li>to a transaction-mode pooler (port {@value #TRANSACTION_POOLER_PORT}): {@code prepareThreshold=0}, since the
 *       next transaction may run on another server connection that does not hold the prepared statement.</li>
 * </ul>
 */
public final class DatabaseUrlRules {

    /** Supabase's transaction pooler. */
    public static final int TRANSACTION_POOLER_PORT = 6543;
    private static final List<String> SUPABASE_DOMAINS = List.of(".supabase.co", ".supabase.com");
    /** Factories that validate the server's certificate chain. */
    private static final Set<String> VERIFYING_FACTORIES = Set.of("org.postgresql.ssl.LibPQFactory",
            "org.postgresql.ssl.SingleCertValidatingFactory", "org.postgresql.ssl.DefaultJavaSSLFactory");

    private DatabaseUrlRules() {
    }

    /**
     * {@code jdbcUrl} with what it must carry added.
     *
     * @param rootCertificatePem the CA certificate Supabase's server certificate is checked against; {@code null}
     *                           when none is configured
     * @throws ConfigException when the URL asks for less than the rules require, or a Supabase URL has no CA to check
     *                         against
     */
    public static String secured(String jdbcUrl, String rootCertificatePem) {
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new ConfigException("DATABASE_URL must be jdbc:postgresql://host:port/database");
        }
        List<String> added = new ArrayList<>();
        String hosts = parsed.getProperty("PGHOST", "").toLowerCase(Locale.ROOT);
        boolean supabase = false;
        for (String host : hosts.split(",")) {
            supabase |= SUPABASE_DOMAINS.stream().anyMatch(host::endsWith);
        }
        if (supabase) {
            String sslmode = parsed.getProperty("sslmode");
            if (sslmode == null) {
                added.add("sslmode=verify-full");
            } else if (!sslmode.equals("verify-full")) {
                throw new ConfigException("DATABASE_URL has sslmode=" + sslmode + ": connections to Supabase must "
                        + "verify the server (sslmode=verify-full, or leave sslmode out)");
            }
            String factory = parsed.getProperty("sslfactory");
            if (factory != null && !VERIFYING_FACTORIES.contains(factory)) {
                throw new ConfigException("DATABASE_URL has sslfactory=" + factory
                        + ", which may not verify the server's certificate; leave it out");
            }
            if (factory == null && parsed.getProperty("sslrootcert") == null) {
                if (rootCertificatePem == null || rootCertificatePem.isBlank()) {
                    throw new ConfigException("DATABASE_URL points at Supabase, whose certificate is verified against"
                            + " its CA: set DATABASE_SSL_ROOT_CERT to the CA certificate (PEM, from the project's"
                            + " database settings) or give sslrootcert=<file> in the URL");
                }
                added.add("sslfactory=org.postgresql.ssl.SingleCertValidatingFactory");
                added.add("sslfactoryarg=" + URLEncoder.encode(rootCertificatePem.strip(), StandardCharsets.UTF_8));
            }
        }
        boolean transactionPooler = false;
        for (String port : parsed.getProperty("PGPORT", "").split(",")) {
            transactionPooler |= port.equals(Integer.toString(TRANSACTION_POOLER_PORT));
        }
        if (transactionPooler) {
            String threshold = parsed.getProperty("prepareThreshold");
            if (threshold == null) {
                added.add("prepareThreshold=0");
            } else if (!threshold.equals("0")) {
                throw new ConfigException("DATABASE_URL has prepareThreshold=" + threshold + " on the transaction pooler"
                        + " (port " + TRANSACTION_POOLER_PORT + "), which keeps no prepared statements: use 0");
            }
        }
        if (added.isEmpty()) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + String.join("&", added);
    }
}
