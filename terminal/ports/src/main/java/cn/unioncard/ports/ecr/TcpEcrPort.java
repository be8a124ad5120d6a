package cn.unioncard.ports.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECR link over TCP (docs/ecr-protocol.md §2): the same bytes as on the serial line, no extra header.
 *
 * <p>{@link #listen} is the terminal's side: a server socket the register connects to. One register at a
 * time: when it connects again (after a restart, or a connection that died without a close), the new
 * connection replaces the old one, and the link sees a lost line followed by a fresh one (§6: a new
 * connection starts clean). {@link #connect} is the register's side, for the simulator: it connects again on
 * the first read or write after a loss.
 */
public final class TcpEcrPort implements EcrPort {
  private static final Logger LOG = LoggerFactory.getLogger(TcpEcrPort.class);

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final ServerSocket server;
  private final InetSocketAddress remote;
  private final Object lock = new Object();
  private Socket socket;
  private Socket replaced;
  private volatile boolean closed;

  private TcpEcrPort(ServerSocket server, InetSocketAddress remote) {
    this.server = server;
    this.remote = remote;
  }

  /**
   * Listens on {@code port} (0 for an ephemeral one, see {@link #localPort()}) of {@code bindAddress} (null
   * for every interface).
   */
  public static TcpEcrPort listen(InetAddress bindAddress, int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(bindAddress, port), 4);
    TcpEcrPort p = new TcpEcrPort(s, null);
    Thread acceptor = new Thread(p::acceptLoop, "ecr-tcp-accept-" + s.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return p;
  }

  /** The register's side: connects to the terminal at {@code host}:{@code port} (and again after a loss). */
  public static TcpEcrPort connect(String host, int port) {
    return new TcpEcrPort(null, new InetSocketAddress(host, port));
  }

  /** The port listened on (server side), or -1. */
  public int localPort() {
    return server == null ? -1 : server.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        configure(s);
        LOG.info("ECR register connected from {}", s.getRemoteSocketAddress());
        synchronized (lock) {
          if (socket != null) {
            // The register came back: the old connection is dead or abandoned.
            replaced = socket;
            closeQuietly(socket);
          }
          socket = s;
          lock.notifyAll();
        }
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("ECR TCP accept failed: {}", e.getMessage());
          sleep(100);
        }
      }
    }
  }

  private static void configure(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    s.setKeepAlive(true);
  }

  /** The current connection, waiting up to {@code timeoutMillis} for one; null when none came. */
  private Socket current(int timeoutMillis) throws IOException {
    synchronized (lock) {
      if (closed) {
        throw new IOException("ECR TCP port closed");
      }
      if (socket != null) {
        return socket;
      }
      if (server == null) {
        Socket s = new Socket();
        try {
          s.connect(remote, CONNECT_TIMEOUT_MILLIS);
          configure(s);
        } catch (IOException e) {
          closeQuietly(s);
          throw new IOException("cannot connect to the terminal at " + remote + ": " + e.getMessage(), e);
        }
        socket = s;
        return s;
      }
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (socket == null && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException();
        }
      }
      if (closed) {
        throw new IOException("ECR TCP port closed");
      }
      return socket;
    }
  }

  private void lost(Socket s) {
    synchronized (lock) {
      if (socket == s) {
        socket = null;
      }
    }
    closeQuietly(s);
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    Socket s = current(0);
    if (s == null) {
      throw new IOException("no register connected");
    }
    try {
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      lost(s);
      throw e;
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    long start = System.nanoTime();
    Socket s = current(timeoutMillis);
    if (s == null) {
      return 0;
    }
    int left = timeoutMillis - (int) ((System.nanoTime() - start) / 1_000_000L);
    try {
      s.setSoTimeout(Math.max(1, left));
      InputStream in = s.getInputStream();
      int n = in.read(buffer, 0, buffer.length);
      if (n < 0) {
        throw new IOException("the register closed the connection");
      }
      return n;
    } catch (SocketTimeoutException e) {
      return 0;
    } catch (IOException e) {
      boolean wasReplaced;
      synchronized (lock) {
        wasReplaced = s == replaced;
      }
      lost(s);
      throw wasReplaced ? new IOException("the register connected again; the old connection is dropped", e) : e;
    }
  }

  /** Drops the current connection (the register simulator's "disconnect"); the next read or write makes a new one. */
  public void dropConnection() {
    Socket s;
    synchronized (lock) {
      s = socket;
      socket = null;
    }
    if (s != null) {
      closeQuietly(s);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      if (socket != null) {
        closeQuietly(socket);
        socket = null;
      }
      lock.notifyAll();
    }
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
