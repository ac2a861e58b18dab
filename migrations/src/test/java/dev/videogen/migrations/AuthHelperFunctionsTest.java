package dev.videogen.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthHelperFunctionsTest extends SchemaTestCase {

    private void claims(String json) {
        sql.value("SELECT set_config('request.jwt.claims', ?, true)", json);
    }

    private void headers(String json) {
        sql.value("SELECT set_config('request.headers', ?, true)", json);
    }

    @Test
    void withoutClaimsThereIsNoRoleNoUserAndNoAdmin() {
        assertThat(sql.value("SELECT get_current_user_role()")).isNull();
        assertThat(sql.value("SELECT get_current_user_id()")).isNull();
        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(false);
    }

    @Test
    void roleAndSubjectComeFromTheJwtClaims() {
        claims("{\"sub\": \"7b1c0f6e-user\", \"role\": \"authenticated\", \"email\": \"a@example.com\"}");

        assertThat(sql.value("SELECT get_current_user_role()")).isEqualTo("authenticated");
        assertThat(sql.value("SELECT get_current_user_id()")).isEqualTo("7b1c0f6e-user");
        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(false);
    }

    @Test
    void emptyOrMalformedClaimsCountAsNone() {
        for (String bad : new String[] {"", "{not json", "[\"role\", \"service_role\"]", "\"service_role\"", "null"}) {
            claims(bad);
            assertThat(sql.value("SELECT get_current_user_role()")).as(bad).isNull();
            assertThat(sql.value("SELECT get_current_user_id()")).as(bad).isNull();
            assertThat(sql.value("SELECT is_admin_user()")).as(bad).isEqualTo(false);
        }
    }

    @Test
    void serviceRoleIsAnAdministrator() {
        claims("{\"role\": \"service_role\"}");

        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(true);
    }

    @Test
    void adminComesFromAppMetadataOnlyNeverFromUserMetadata() {
        claims("{\"sub\": \"u1\", \"role\": \"authenticated\", \"app_metadata\": {\"role\": \"admin\"}}");
        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(true);

        claims("{\"sub\": \"u1\", \"role\": \"authenticated\", \"user_metadata\": {\"role\": \"admin\"}}");
        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(false);

        claims("{\"sub\": \"u1\", \"role\": \"authenticated\", \"app_metadata\": \"admin\"}");
        assertThat(sql.value("SELECT is_admin_user()")).isEqualTo(false);
    }

    @Test
    void subjectFallsBackToTheSingleClaimSettingOfOlderPostgrest() {
        sql.value("SELECT set_config('request.jwt.claim.sub', 'legacy-user', true)");

        assertThat(sql.value("SELECT get_current_user_id()")).isEqualTo("legacy-user");
    }

    @Test
    void clientIpIsTheFirstForwardedHop() {
        headers("{\"x-forwarded-for\": \" 203.0.113.7 , 10.0.0.1, 10.0.0.2\", \"x-real-ip\": \"10.0.0.9\"}");

        assertThat(sql.text("SELECT host(get_client_ip())")).isEqualTo("203.0.113.7");
    }

    @Test
    void clientIpFallsBackToXRealIpAndUnderstandsIpv6() {
        headers("{\"x-real-ip\": \"2001:db8::1\"}");

        assertThat(sql.text("SELECT host(get_client_ip())")).isEqualTo("2001:db8::1");
    }

    @Test
    void clientIpIsNullWhenHeadersAreMissingMalformedOrNotAnAddress() {
        assertThat(sql.value("SELECT get_client_ip()")).isNull();
        for (String bad : new String[] {"", "{oops", "[]", "{}", "{\"x-forwarded-for\": \"unknown\"}",
                "{\"x-forwarded-for\": \"\"}", "{\"x-forwarded-for\": \",203.0.113.7\"}"}) {
            headers(bad);
            assertThat(sql.value("SELECT get_client_ip()")).as(bad).isNull();
        }
    }
}
