package cn.unioncard.sim.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.unioncard.sim.CardFactory;
import cn.unioncard.sim.Simulator;
import cn.unioncard.sim.http.HttpLimits;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the control API reads a request with bounds. Bodies over the bound, lying lengths and chunked garbage
 * are refused in one line; slow clients neither block the API nor hold its threads past the read deadline.
 */
class ControlServerLimitsTest {
  @TempDir Path cards;
  Simulator sim;
  ControlServer control;
  final List<Socket> sockets = new ArrayList<>();

  void start(HttpLimits limits) throws IOException {
    sim = Simulator.start(Simulator.Options.defaults().withBackend(Simulator.Backend.PROVIDER), new CardFactory(cards));
    control = ControlServer.start(sim, 0, limits);
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (control != null) {
      control.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  Socket open() throws IOException {
    Socket s = new Socket("127.0.0.1", control.address().getPort());
    s.setSoTimeout(30_000);
    sockets.add(s);
    return s;
  }

  /** Sends raw bytes (then closes the sending side when {@code halfClose}) and reads the answer to its end. */
  String raw(String request, boolean halfClose) throws IOException {
    Socket s = open();
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    if (halfClose) {
      s.shutdownOutput();
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    int n;
    try {
      while ((n = in.read(buf)) > 0) {
        b.write(buf, 0, n);
      }
    } catch (IOException reset) {
      // the server may reset a connection whose body it did not read
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  static String post(String headers) {
    return "POST /v1/readers/contactless/tap HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
  }

  static void assertRefused(String answer, int status, String code) throws IOException {
    assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertEquals(1, body.lines().count(), body);
    JsonNode n = ControlServer.JSON.readTree(body);
    assertEquals(code, n.get("error").asText(), body);
  }

  int health() throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(control.address() + "/v1/health").openConnection();
    c.setConnectTimeout(30_000);
    c.setReadTimeout(30_000);
    return c.getResponseCode();
  }

  @Test
  void aContentLengthOverTheBoundIs413() throws Exception {
    start(HttpLimits.CONTROL);
    assertRefused(raw(post("Content-Length: 10000000000\r\n"), false), 413, "too_large");
    // a body the client is still sending is read and dropped first, so it gets the answer, not a reset
    assertRefused(raw(post("Content-Length: 65537\r\n") + "x".repeat(65537), false), 413, "too_large");
  }

  @Test
  void aBodyShorterThanItsContentLengthIs400() throws Exception {
    start(HttpLimits.CONTROL);
    assertRefused(raw(post("Content-Length: 100\r\n") + "{\"card\":\"trace:foreign-visa\"}", true),
        400, "malformed");
  }

  @Test
  void chunkedGarbageIs400() throws Exception {
    start(HttpLimits.CONTROL);
    assertRefused(raw(post("Transfer-Encoding: chunked\r\n") + "ZZ\r\nnot a chunk\r\n", true), 400, "malformed");
  }

  @Test
  void aChunkedBodyOverTheBoundIs413() throws Exception {
    start(HttpLimits.CONTROL);
    StringBuilder body = new StringBuilder();
    String chunk = "x".repeat(4096);
    for (int i = 0; i < 17; i++) {
      body.append("1000\r\n").append(chunk).append("\r\n");
    }
    body.append("0\r\n\r\n");
    assertRefused(raw(post("Transfer-Encoding: chunked\r\n") + body, false), 413, "too_large");
  }

  @Test
  void twentySlowClientsDoNotStopTheTwentyFirst() throws Exception {
    start(HttpLimits.CONTROL);
    for (int i = 0; i < 20; i++) {
      Socket s = open();
      // half send a header and stop, half a body shorter than its length and stop
      String part = i % 2 == 0 ? "POST /v1/readers/contactless/tap HTTP/1.1\r\nHost: x\r\nContent-Le"
          : post("Content-Length: 100\r\n") + "{\"card\":";
      s.getOutputStream().write(part.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
    }
    assertEquals(200, health());
  }

  @Test
  void slowClientsLoseTheirConnectionAtTheReadDeadline() throws Exception {
    start(new HttpLimits(64 * 1024, Duration.ofMillis(300), 2, 64));
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket s = open();
      s.getOutputStream().write((post("Content-Length: 100\r\n") + "{").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      slow.add(s);
    }
    // two threads only: the 21st is served once the deadline has cut the slow clients off
    assertEquals(200, health());
    for (Socket s : slow) {
      try {
        assertEquals(-1, s.getInputStream().read(), "closed unanswered");
      } catch (SocketTimeoutException e) {
        throw new AssertionError("a slow client kept its connection", e);
      } catch (IOException reset) {
        // closed: fine
      }
    }
  }
}
