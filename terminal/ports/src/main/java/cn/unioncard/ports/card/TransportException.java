package cn.unioncard.ports.card;


/** A card exchange that did not complete: either {@link CardIoException} or {@link ReaderIoException}. */
public abstract class TransportException extends Exception {
  private static final long serialVersionUID = 1L;

  TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
