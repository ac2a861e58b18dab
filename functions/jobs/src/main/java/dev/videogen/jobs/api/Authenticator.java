package dev.videogen.jobs.api;

/** Decides who is calling from a request's credentials. */
@FunctionalInterface
public interface Authenticator {

    /** Authentication off: the local stack only. */
    Authenticator NONE = request -> Caller.UNAUTHENTICATED;

    /**
     * @throws AuthenticationException when credentials are missing (401) or refused (403)
     */
    Caller authenticate(ApiRequest request);
}
