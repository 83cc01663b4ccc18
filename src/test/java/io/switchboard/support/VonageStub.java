package io.switchboard.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * The Vonage Messages API, played by WireMock: POST /v1/messages answers 202 with a fresh
 * message_uuid, as Vonage does. Tests add stubs for failures and read back what the SDK sent.
 */
public class VonageStub implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "test-key";
    public static final String API_SECRET = "test-secret";
    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    /** Answers every send with 202 and a new message_uuid. */
    public static void acceptEverySend(WireMockServer wireMock) {
        wireMock.stubFor(post(urlEqualTo("/v1/messages")).atPriority(10).willReturn(aResponse()
                .withStatus(202)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message_uuid\": \"{{randomValue type='UUID'}}\"}")
                .withTransformers("response-template")));
    }

    /** A started stub that accepts every send, for the service instances a test starts itself. */
    public static WireMockServer startAcceptingEverySend() {
        WireMockServer wireMock = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(false));
        wireMock.start();
        acceptEverySend(wireMock);
        return wireMock;
    }

    private static Map<String, String> propertiesFor(WireMockServer wireMock) {
        return Map.of(
                "switchboard.vonage.base-url", wireMock.baseUrl(),
                "switchboard.vonage.api-key", API_KEY,
                "switchboard.vonage.api-secret", API_SECRET);
    }

    /** The command-line properties that point a {@link ServiceInstance} at {@code wireMock}, then {@code more}. */
    public static String[] instanceProperties(WireMockServer wireMock, String... more) {
        Stream<String> vonage = propertiesFor(wireMock).entrySet().stream().map(e -> "-D" + e.getKey() + "=" + e.getValue());
        return Stream.concat(vonage, Stream.of(more)).toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        server = startAcceptingEverySend();
        return propertiesFor(server);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
