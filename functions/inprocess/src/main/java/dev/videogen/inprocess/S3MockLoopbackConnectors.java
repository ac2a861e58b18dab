package dev.videogen.inprocess;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Binds the extra plain-HTTP connector S3Mock adds to its Tomcat to the loopback interface. Spring Boot's
 * {@code server.address} only reaches the main connector, and without this the S3 server would accept
 * connections from the whole network. Added to S3Mock's application context through {@code spring.main.sources}.
 */
final class S3MockLoopbackConnectors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        for (Connector connector : factory.getAdditionalTomcatConnectors()) {
            connector.setProperty("address", LoopbackPorts.LOOPBACK_ADDRESS);
        }
    }
}
