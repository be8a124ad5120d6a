package cn.unioncard.ports.ecr;

import java.io.Closeable;
import java.io.IOException;

/**
 * A byte stream to the cash register or the PIN pad: a serial port, a TCP connection, or an in-memory pipe.
 * The link ({@link FrameLink}) reads from one thread and writes from others; an implementation must allow a
 * {@link #write} while a {@link #read} is waiting.
 *
 * <p>A lost line (port gone, connection closed) is an {@link IOException} from {@code read} or {@code
 * write}. The link then forgets the frame it was reading and the last frame it accepted (docs/ecr-protocol.md
 * §6), waits a little and reads again: an implementation that can reopen (a serial port whose device comes
 * back, a TCP server accepting the register's new connection) does so on that next call.
 */
public interface EcrPort extends Closeable {
  /** Writes all of {@code bytes}. */
  void write(byte[] bytes) throws IOException;

  /**
   * Reads what has arrived, waiting at most {@code timeoutMillis} for the first byte.
   *
   * @return the number of bytes put into {@code buffer} from offset 0; 0 when nothing arrived in time
   * @throws IOException the line is lost (or the port was closed)
   */
  int read(byte[] buffer, int timeoutMillis) throws IOException;

  /** Releases the port; a waiting {@code read} fails. */
  @Override
  void close();
}
