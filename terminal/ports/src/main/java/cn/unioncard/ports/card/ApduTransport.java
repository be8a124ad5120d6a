package cn.unioncard.ports.card;


/**
 * The one thing every card reader does: send a command APDU, return the response APDU (data and status word).
 * Bytes in, bytes out. Behaviour (GET RESPONSE handling, tracing, counting) is added by wrapping a transport in
 * another ({@link GetResponseTransport}, {@link TracingTransport}, {@link CountingTransport}).
 *
 * <p>It fails in exactly two ways: the card ({@link CardIoException}: it left the field, it stopped answering)
 * or the reader ({@link ReaderIoException}: unplugged, its service gone).
 */
@FunctionalInterface
public interface ApduTransport {
  byte[] transmit(byte[] command) throws CardIoException, ReaderIoException;
}
