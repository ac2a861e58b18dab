package dev.videogen.inprocess;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Gives every S3Mock response the {@code x-amz-request-id} and {@code x-amz-id-2} headers S3 always sends, which
 * S3Mock leaves out; the service records the request id of each storage call. Added to S3Mock's application context
 * through {@code spring.main.sources}.
 */
final class S3MockRequestIds implements Filter {

    private final SecureRandom random = new SecureRandom();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (response instanceof HttpServletResponse http) {
            byte[] id = new byte[8];
            random.nextBytes(id);
            byte[] extendedId = new byte[24];
            random.nextBytes(extendedId);
            // Set before the chain runs: once S3Mock starts writing the body, headers can no longer be added.
            http.setHeader("x-amz-request-id", HexFormat.of().withUpperCase().formatHex(id));
            http.setHeader("x-amz-id-2", Base64.getEncoder().encodeToString(extendedId));
        }
        chain.doFilter(request, response);
    }
}
