package io.switchboard.loadtest.client;

import io.vertx.core.http.WebSocketConnectOptions;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Where one listener connects its live stream, and with which token (none for calibration). */
public record SocketSpec(URI url, String token) {

    public WebSocketConnectOptions options(String resumeAfter, int timeoutMs) {
        String uri = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        if (resumeAfter != null) {
            uri += (uri.contains("?") ? "&" : "?") + "lastEventId=" + URLEncoder.encode(resumeAfter, StandardCharsets.UTF_8);
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(url.getHost())
                .setPort(url.getPort())
                .setURI(uri)
                .setTimeout(timeoutMs);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        return options;
    }
}
