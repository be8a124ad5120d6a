package cn.unioncard.sim.vpcd;

import cn.unioncard.ports.card.ApduTransport;
import cn.unioncard.ports.card.TransportException;
import cn.unioncard.protocol.Hex;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a simulated card into a vsmartcard virtual reader ({@code vpcd}), so that the real {@code pcscd} shows it
 * as a card in a real reader and unmodified PC/SC code talks to it.
 *
 * <p>vpcd listens on a TCP port (one per reader); the card connects to it. Every message either way is a 2-byte
 * big-endian length and a payload. One-byte payloads from vpcd are control: {@code 00} power off, {@code 01}
 * power on, {@code 02} reset (no reply), {@code 04} get ATR (reply with the ATR). Longer payloads are command
 * APDUs, answered with the response APDU. Connecting inserts the card; closing the connection removes it.
 *
 * <p>Latency: vpcd writes the length and the payload in two writes with Nagle on, which with Linux's delayed ACK
 * costs about 44 ms an APDU. So this side disables Nagle, re-arms {@code TCP_QUICKACK} before every read (Linux
 * clears it), and writes length and payload in one write: about 0.1 ms an APDU.
 */
public final class VpcdCard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VpcdCard.class);

  /**
   * The ATR of a contactless ISO 14443-4 card as a PC/SC reader reports it with no historical bytes (PC/SC part 3
   * 3.1.3.2.3): {@code 3B 80 80 01} and the check byte.
   */
  public static final byte[] CONTACTLESS_ATR = Hex.of("3B80800101");

  private static final int POWER_OFF = 0x00;
  private static final int POWER_ON = 0x01;
  private static final int RESET = 0x02;
  private static final int GET_ATR = 0x04;

  private final ApduTransport card;
  private final byte[] atr;
  private volatile Socket socket;
  private volatile Thread server;

  public VpcdCard(ApduTransport card, byte[] atr) {
    this.card = card;
    this.atr = atr.clone();
  }

  /** Connects to the virtual reader at {@code host:port}: the card is in the field from now on. */
  public synchronized void insert(String host, int port) throws IOException {
    if (socket != null) {
      throw new IllegalStateException("card already inserted");
    }
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(new InetSocketAddress(host, port), 2000);
    socket = s;
    Thread t = new Thread(() -> serve(s), "vpcd-card-" + port);
    t.setDaemon(true);
    server = t;
    t.start();
  }

  /** Takes the card out of the field (closes the connection). */
  public synchronized void remove() {
    Socket s = socket;
    socket = null;
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing a socket that is already gone
      }
    }
    Thread t = server;
    server = null;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public boolean isInserted() {
    return socket != null;
  }

  @Override
  public void close() {
    remove();
  }

  private void serve(Socket s) {
    try {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (!s.isClosed()) {
        s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        int length = in.readUnsignedShort();
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (length == 1) {
          int control = payload[0] & 0xFF;
          if (control == GET_ATR) {
            send(out, atr);
          } else if (control != POWER_OFF && control != POWER_ON && control != RESET) {
            LOG.debug("vpcd sent unknown control byte {}", control);
          }
          continue;
        }
        byte[] response;
        try {
          response = card.transmit(payload);
        } catch (TransportException e) {
          LOG.debug("card left the field: {}", e.getMessage());
          remove();
          return;
        }
        send(out, response);
      }
    } catch (SocketException | java.io.EOFException closed) {
      // removed, or vpcd went away
    } catch (IOException e) {
      LOG.debug("vpcd connection failed: {}", e.getMessage());
    } finally {
      synchronized (this) {
        if (socket == s) {
          socket = null;
          try {
            s.close();
          } catch (IOException ignored) {
            // already closed
          }
        }
      }
    }
  }

  private static void send(OutputStream out, byte[] payload) throws IOException {
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >>> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame);
    out.flush();
  }
}
