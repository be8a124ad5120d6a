package cn.unioncard.ports.ecr;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * One end of an in-memory line: {@link #pair()} makes two ends, what one writes the other reads. For tests
 * and for a register simulator in the same process. Closing either end closes the line for both.
 */
public final class MemoryEcrPort implements EcrPort {
  /** The bytes travelling one way. */
  private static final class Channel {
    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private boolean closed;

    synchronized void put(byte[] b) throws IOException {
      if (closed) {
        throw new IOException("in-memory line closed");
      }
      if (end + b.length > buf.length) {
        int live = end - start;
        byte[] nb = buf.length - live >= b.length ? buf : new byte[Math.max(buf.length * 2, live + b.length)];
        System.arraycopy(buf, start, nb, 0, live);
        buf = nb;
        start = 0;
        end = live;
      }
      System.arraycopy(b, 0, buf, end, b.length);
      end += b.length;
      notifyAll();
    }

    synchronized int take(byte[] out, int timeoutMillis) throws IOException {
      long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
      while (start == end && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return 0;
        }
        try {
          wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("read interrupted");
        }
      }
      if (start == end) {
        throw new IOException("in-memory line closed");
      }
      int n = Math.min(out.length, end - start);
      System.arraycopy(buf, start, out, 0, n);
      start += n;
      return n;
    }

    synchronized void close() {
      closed = true;
      notifyAll();
    }
  }

  private final Channel in;
  private final Channel out;

  private MemoryEcrPort(Channel in, Channel out) {
    this.in = in;
    this.out = out;
  }

  /** Two connected ends. */
  public static MemoryEcrPort[] pair() {
    Channel ab = new Channel();
    Channel ba = new Channel();
    return new MemoryEcrPort[] {new MemoryEcrPort(ba, ab), new MemoryEcrPort(ab, ba)};
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    out.put(bytes.clone());
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    return in.take(buffer, timeoutMillis);
  }

  @Override
  public void close() {
    in.close();
    out.close();
  }
}
