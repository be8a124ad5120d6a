package cn.unioncard.sim.http;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A plain HTTP server on loopback for a control API, with {@link HttpLimits}: every handler mounted on it gets its
 * request body already read and bounded ({@link BodyLimit}), requests are read within a deadline and served by a
 * bounded pool ({@link ReadDeadlineExecutor}).
 */
public final class BoundedHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ReadDeadlineExecutor executor;
  private final HttpLimits limits;

  private BoundedHttpServer(HttpServer server, ReadDeadlineExecutor executor, HttpLimits limits) {
    this.server = server;
    this.executor = executor;
    this.limits = limits;
  }

  /** Listens on 127.0.0.1 at {@code port} (0: any free port); {@code name} names its threads. Not started yet. */
  public static BoundedHttpServer create(int port, HttpLimits limits, String name) throws IOException {
    NoDelay.ensure();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ReadDeadlineExecutor executor = new ReadDeadlineExecutor(limits, name);
    server.setExecutor(executor);
    return new BoundedHttpServer(server, executor, limits);
  }

  public BoundedHttpServer start() {
    server.start();
    return this;
  }

  /** Hands every request under {@code prefix} to {@code handler}, its body read with the server's bound. */
  public void mount(String prefix, HttpHandler handler) {
    mount(prefix, handler, limits.maxBody());
  }

  /** As {@link #mount(String, HttpHandler)}, with a bound of its own for the body. */
  public void mount(String prefix, HttpHandler handler, int maxBody) {
    HttpContext c = server.createContext(prefix, handler);
    c.getFilters().add(new BodyLimit(maxBody));
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI address() {
    return URI.create("http://127.0.0.1:" + port());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
