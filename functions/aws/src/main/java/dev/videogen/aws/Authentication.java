package dev.videogen.aws;

import dev.videogen.jobs.ServiceConfig;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.db.Database;

/** The authenticator the configured {@code AUTH_MODE} asks for. */
final class Authentication {

    private Authentication() {
    }

    static Authenticator forConfig(ServiceConfig config, Database database) {
        return switch (config.authMode()) {
            case NONE -> Authenticator.NONE;
            case JWT, API_KEY -> throw new dev.videogen.jobs.ConfigException(
                    "AUTH_MODE=" + config.authMode() + " is not supported by this build");
        };
    }
}
