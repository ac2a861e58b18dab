package dev.videogen.jobs.api;

/**
 * Who is calling. {@code subject} owns the jobs it creates; it is {@code null} when authentication is off, and such
 * jobs belong to every unauthenticated caller of that stack.
 *
 * @param subject the JWT {@code sub} or the API key's owner
 * @param role    the JWT role claim, or {@code api_key}, or {@code anonymous}
 */
public record Caller(String subject, String role) {

    public static final Caller UNAUTHENTICATED = new Caller(null, "anonymous");

    /** The service role sees every job (operators' tooling). */
    public boolean seesEveryJob() {
        return "service_role".equals(role);
    }

    public boolean owns(String owner) {
        return seesEveryJob() || (subject == null ? owner == null : subject.equals(owner));
    }
}
