package cn.unioncard.sim.bank;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank API over HTTP: reads a request, applies the {@link Faults} planned for its path, lets the {@link
 * BankService} answer, signs the answer and writes it.
 */
final class BankHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BankHttpHandler.class);

  /** The largest body read: a batch of 500 records fits many times over. */
  static final int MAX_BODY = 8 * 1024 * 1024;

  private final BankService bank;
  private final Faults faults;

  BankHttpHandler(BankService bank, Faults faults) {
    this.bank = bank;
    this.faults = faults;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      serve(ex);
    } catch (IOException | RuntimeException e) {
      LOG.debug("bank exchange ended: {}", e.toString());
      ex.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    }
  }

  private void serve(HttpExchange ex) throws IOException, InterruptedException {
    String path = ex.getRequestURI().getRawPath();
    Faults.Plan plan = faults.plan(path == null ? "" : path);
    if (plan.dropBefore()) {
      ex.close(); // no headers sent: the connection is closed, nothing was done
      return;
    }
    if (plan.latencyMillis() > 0) {
      Thread.sleep(plan.latencyMillis());
    }
    String requestId = ex.getRequestHeaders().getFirst("X-Request-Id");
    if (plan.errorStatus() != 0) {
      drain(ex.getRequestBody());
      int status = plan.errorStatus();
      ApiAnswer a = ApiAnswer.error(status, status == 429 ? "too_many_requests" : "unavailable",
          "injected fault", null);
      if (status == 429 || status == 503) {
        ex.getResponseHeaders().set("Retry-After", Integer.toString(plan.retryAfterSeconds()));
      }
      send(ex, a, requestId, plan);
      return;
    }
    byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
    ApiAnswer a;
    if (body.length > MAX_BODY) {
      a = ApiAnswer.error(400, "malformed", "the body is larger than " + MAX_BODY + " bytes", null);
    } else {
      Map<String, String> headers = new HashMap<>();
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!h.getValue().isEmpty()) {
          headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
        }
      }
      ApiRequest r = new ApiRequest(ex.getRequestMethod(), path,
          ex.getRequestURI().getRawQuery(), headers, body);
      a = bank.handle(r, plan.duplicate() ? 2 : 1);
    }
    if (plan.dropAfter()) {
      ex.close(); // the work is committed; the answer is lost
      return;
    }
    send(ex, a, requestId, plan);
  }

  private void send(HttpExchange ex, ApiAnswer a, String requestId, Faults.Plan plan)
      throws IOException, InterruptedException {
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", "application/json; charset=utf-8");
    Map<String, String> signature = bank.signer().sign(a.status(), requestId, a.body(), plan.wrongSignature());
    for (Map.Entry<String, String> e : signature.entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    byte[] body = a.body();
    ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (plan.trickleChunk() > 0) {
        for (int off = 0; off < body.length; off += plan.trickleChunk()) {
          out.write(body, off, Math.min(plan.trickleChunk(), body.length - off));
          out.flush();
          if (off + plan.trickleChunk() < body.length) {
            Thread.sleep(plan.trickleMillis());
          }
        }
      } else {
        out.write(body);
      }
    }
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0 && total < MAX_BODY) {
      total += n;
    }
  }
}
