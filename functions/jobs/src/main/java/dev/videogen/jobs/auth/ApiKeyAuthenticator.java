package dev.videogen.jobs.auth;

import dev.videogen.jobs.api.ApiRequest;
import dev.videogen.jobs.api.AuthenticationException;
import dev.videogen.jobs.api.Authenticator;
import dev.videogen.jobs.api.Caller;

/**
 * Authenticates with an API key from {@link ApiKeys}: the {@code x-api-key} header, or
 * {@code Authorization: Bearer vg_…}. When the Lambda authorizer at the edge has already checked the key
 * ({@link ApiRequest#verifiedIdentity()} holds its {@code owner}), that owner is taken without a second lookup.
 * No key is 401; a key that is unknown or revoked is 403. The caller's role is {@value #ROLE}. A key's owner is
 * remembered for up to a minute ({@link ApiKeyOwnerCache}): a revoked key is refused within a minute.
 */
public final class ApiKeyAuthenticator implements Authenticator {

    /** The role of every caller authenticated by key: never the service role. */
    public static final String ROLE = "api_key";

    private final ApiKeyOwnerCache keys;

    public ApiKeyAuthenticator(ApiKeys keys) {
        this(new ApiKeyOwnerCache(keys));
    }

    public ApiKeyAuthenticator(ApiKeyOwnerCache keys) {
        this.keys = keys;
    }

    @Override
    public Caller authenticate(ApiRequest request) {
        String verifiedOwner = request.verifiedIdentity().get("owner");
        if (verifiedOwner != null && !verifiedOwner.isBlank()) {
            return new Caller(verifiedOwner, ROLE);
        }
        String key = presentedKey(request);
        if (key == null) {
            throw new AuthenticationException(401, "missing credentials: send your API key in the x-api-key header");
        }
        return keys.owner(key)
                .map(owner -> new Caller(owner, ROLE))
                .orElseThrow(() -> new AuthenticationException(403, "the API key is not valid (unknown or revoked)"));
    }

    /** The key in {@code x-api-key}, else a {@code vg_} credential in {@code Authorization: Bearer}, else null. */
    public static String presentedKey(ApiRequest request) {
        String header = request.header("x-api-key");
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String bearer = BearerTokens.from(request);
        return ApiKeys.looksLikeApiKey(bearer) ? bearer : null;
    }
}
