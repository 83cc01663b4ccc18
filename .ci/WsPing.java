import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * CI's proof that a newcomer's first steps work: log in as the demo agent, open the live stream,
 * send a ping and expect a pong. Plain JDK (java .ci/WsPing.java http://localhost:8080), no build.
 */
public class WsPing {
    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"agent1\",\"password\":\"agent\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            fail("log in as agent1 answered " + login.statusCode() + ": " + login.body());
        }
        String token = login.body().replaceAll(".*\"accessToken\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        CompletableFuture<String> pong = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws/inbox"), new WebSocket.Listener() {
                    private final StringBuilder frame = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        frame.append(data);
                        if (last) {
                            if (frame.toString().contains("\"pong\"")) {
                                pong.complete(frame.toString());
                            }
                            frame.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"ping\"}", true);
        String answer = pong.get(10, TimeUnit.SECONDS);
        System.out.println("[dev-check] agent1 logged in, /ws/inbox answered " + answer);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }

    private static void fail(String why) {
        System.err.println("[dev-check] " + why);
        System.exit(1);
    }
}
