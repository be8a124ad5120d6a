package cn.unioncard.sim.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;

/**
 * Reads a request's whole body, at most {@code maxBody} bytes, before the handler runs, and hands the handler the
 * bytes read. A {@code Content-Length} or a chunked body above the bound is {@code 413 too_large}, once the rest of
 * the body (up to 16 MiB, within the read deadline) has been read and dropped so the client sees the answer; a {@code Content-Length} that is not a number, a body that ends before its
 * {@code Content-Length} and chunked garbage are {@code 400 malformed}. Each answer is one line of JSON,
 * {@code {"error", "message"}}, and the connection is closed after it. A client too slow for the read deadline
 * ({@link ReadDeadlineExecutor}) loses its connection unanswered.
 */
final class BodyLimit extends Filter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most of a too large body read (and dropped) before the refusal. */
  static final long DISCARD_MAX = 16L * 1024 * 1024;

  private final int maxBody;

  BodyLimit(int maxBody) {
    this.maxBody = maxBody;
  }

  @Override
  public String description() {
    return "request bodies of at most " + maxBody + " bytes";
  }

  @Override
  public void doFilter(HttpExchange x, Chain chain) throws IOException {
    String length = x.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        refuse(x, 400, "malformed", "Content-Length is not a number: " + length);
        return;
      }
      if (declared > maxBody) {
        if (declared <= DISCARD_MAX) {
          discard(x.getRequestBody());
        }
        refuse(x, 413, "too_large", "the body is over " + maxBody + " bytes");
        return;
      }
    }
    byte[] body;
    try {
      InputStream in = x.getRequestBody();
      body = in.readNBytes(maxBody + 1);
      if (body.length > maxBody) {
        discard(in);
      }
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      x.close(); // the read deadline passed: the connection is gone
      return;
    } catch (IOException e) {
      refuse(x, 400, "malformed", "the body cannot be read: " + e.getMessage());
      return;
    }
    if (body.length > maxBody) {
      refuse(x, 413, "too_large", "the body is over " + maxBody + " bytes");
      return;
    }
    ReadDeadlineExecutor.requestRead();
    x.setStreams(new ByteArrayInputStream(body), null);
    chain.doFilter(x);
  }

  /**
   * Reads and drops what is left of a body refused for its size, at most {@value #DISCARD_MAX} bytes and within the
   * read deadline, so that a client still sending gets the answer rather than a reset connection.
   */
  private static void discard(InputStream in) {
    byte[] buf = new byte[16 * 1024];
    long left = DISCARD_MAX;
    try {
      int n;
      while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the connection failed or the deadline passed: the refusal may not arrive, nothing else to do
    }
  }

  private static void refuse(HttpExchange x, int status, String code, String message) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("error", code);
    n.put("message", message);
    byte[] bytes = JSON.writeValueAsBytes(n);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.getResponseHeaders().set("Connection", "close");
    try {
      x.sendResponseHeaders(status, bytes.length);
      OutputStream out = x.getResponseBody();
      out.write(bytes);
      out.flush();
      // The server would now drain the unread body, waiting on a client that may never send it; interrupted, the
      // drain closes the connection at once instead (socket channels are interruptible).
      Thread.currentThread().interrupt();
      out.close();
    } catch (IOException e) {
      // the connection is closed: nothing more to say
    } finally {
      Thread.interrupted();
      x.close();
    }
  }
}
