package cn.unioncard.serial;

import cn.unioncard.ports.ecr.EcrPort;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECR link on a serial port through jssc (docs/ecr-protocol.md §2): 8N1, no flow control, at the
 * configured baud rate. Works with real ports ({@code /dev/ttyUSB0}, {@code COM3}) and pseudo-terminals
 * (a socat pair: {@code setParams} returns false there, which is not an error).
 *
 * <p>Bytes arrive through jssc's event listener (RXCHAR) into a queue, so a waiting {@link #read} sleeps
 * instead of polling the port. When the device goes away (a USB adapter unplugged, the pseudo-terminal's
 * socat ended: its path is gone or now names another device), the next read or write fails with an
 * IOException and the port is closed; the read after that opens it again once the device is back.
 */
public final class JsscEcrPort implements EcrPort {
  private static final Logger LOG = LoggerFactory.getLogger(JsscEcrPort.class);

  /** The baud rates the protocol allows (§2). */
  public static final int[] BAUD_RATES = {9600, 19200, 38400, 57600, 115200};

  /**
   * Serial settings from the configuration.
   *
   * @param portName the device ({@code /dev/ttyS0}, {@code /dev/ttyUSB0}, a pty symlink, {@code COM3})
   * @param baudRate 9600, 19200, 38400, 57600 or 115200; always 8 data bits, no parity, 1 stop bit
   */
  public record Settings(String portName, int baudRate) {
    public Settings {
      if (portName == null || portName.isEmpty()) {
        throw new IllegalArgumentException("serial port name missing");
      }
      boolean ok = false;
      for (int b : BAUD_RATES) {
        ok |= b == baudRate;
      }
      if (!ok) {
        throw new IllegalArgumentException("baud rate " + baudRate + " not one of 9600, 19200, 38400, 57600, 115200");
      }
    }
  }

  private final Settings settings;
  private final LinkedBlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
  private final Object lock = new Object();
  private SerialPort port;
  private Path device;
  private byte[] carry;
  private int carryAt;
  private volatile boolean closed;

  public JsscEcrPort(Settings settings) {
    this.settings = settings;
  }

  /** Opens the port now (it is otherwise opened by the first read or write). */
  public JsscEcrPort open() throws IOException {
    synchronized (lock) {
      ensureOpen();
    }
    return this;
  }

  public Settings settings() {
    return settings;
  }

  private SerialPort ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("serial port " + settings.portName() + " closed");
    }
    if (port != null) {
      return port;
    }
    Path real;
    try {
      real = Paths.get(settings.portName()).toRealPath();
    } catch (IOException | RuntimeException e) {
      real = null; // COM3 and the like: no path to watch
    }
    SerialPort p = new SerialPort(settings.portName());
    try {
      p.openPort();
    } catch (SerialPortException e) {
      throw new IOException("cannot open serial port " + settings.portName() + ": " + e.getExceptionType(), e);
    }
    try {
      if (!p.setParams(settings.baudRate(), SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE)) {
        // A pseudo-terminal refuses the modem-control lines (RTS/DTR) though it works: not fatal (TOOLCHAIN.md).
        LOG.debug("serial port {}: setParams returned false (a pseudo-terminal?); continuing", settings.portName());
      }
      p.setFlowControlMode(SerialPort.FLOWCONTROL_NONE);
      p.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
      incoming.clear();
      carry = null;
      p.addEventListener(event -> {
        if (event.isRXCHAR() && event.getEventValue() > 0) {
          try {
            byte[] b = p.readBytes();
            if (b != null && b.length > 0) {
              incoming.add(b);
            }
          } catch (SerialPortException e) {
            LOG.debug("serial port {}: read failed: {}", settings.portName(), e.getExceptionType());
          }
        }
      }, SerialPort.MASK_RXCHAR);
    } catch (SerialPortException e) {
      closeQuietly(p);
      throw new IOException("cannot set up serial port " + settings.portName() + ": " + e.getExceptionType(), e);
    }
    LOG.info("serial port {} open at {} baud 8N1", settings.portName(), settings.baudRate());
    port = p;
    device = real;
    return p;
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    SerialPort p;
    synchronized (lock) {
      p = ensureOpen();
    }
    try {
      if (!p.writeBytes(bytes)) {
        throw new IOException("serial port " + settings.portName() + ": write failed");
      }
    } catch (SerialPortException e) {
      lost(p);
      throw new IOException("serial port " + settings.portName() + ": " + e.getExceptionType(), e);
    } catch (IOException e) {
      lost(p);
      throw e;
    }
  }

  @Override
  public int read(byte[] buffer, int timeoutMillis) throws IOException {
    SerialPort p;
    synchronized (lock) {
      p = ensureOpen();
      if (carry != null) {
        return takeCarry(buffer);
      }
    }
    byte[] b;
    try {
      b = incoming.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("serial read interrupted");
    }
    synchronized (lock) {
      if (closed) {
        throw new IOException("serial port " + settings.portName() + " closed");
      }
      if (b == null) {
        checkDevice(p);
        return 0;
      }
      carry = b;
      carryAt = 0;
      return takeCarry(buffer);
    }
  }

  private int takeCarry(byte[] buffer) {
    int n = Math.min(buffer.length, carry.length - carryAt);
    System.arraycopy(carry, carryAt, buffer, 0, n);
    carryAt += n;
    if (carryAt == carry.length) {
      carry = null;
    }
    return n;
  }

  /** On a quiet line: fails when the device behind the port's path went away or was replaced. */
  private void checkDevice(SerialPort p) throws IOException {
    if (device == null) {
      return;
    }
    Path now;
    try {
      now = Paths.get(settings.portName()).toRealPath();
    } catch (IOException e) {
      now = null;
    }
    if (!device.equals(now)) {
      lost(p);
      throw new IOException("serial port " + settings.portName() + " went away");
    }
  }

  private void lost(SerialPort p) {
    synchronized (lock) {
      if (port == p) {
        port = null;
        device = null;
        carry = null;
      }
    }
    closeQuietly(p);
  }

  private static void closeQuietly(SerialPort p) {
    try {
      if (p.isOpened()) {
        try {
          p.removeEventListener();
        } catch (SerialPortException ignored) {
          // closing anyway
        }
        p.closePort();
      }
    } catch (SerialPortException ignored) {
      // closing
    }
  }

  @Override
  public void close() {
    SerialPort p;
    synchronized (lock) {
      closed = true;
      p = port;
      port = null;
    }
    if (p != null) {
      closeQuietly(p);
    }
    incoming.add(new byte[0]);
  }
}
