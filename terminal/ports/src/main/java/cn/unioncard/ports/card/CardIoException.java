package cn.unioncard.ports.card;


/**
 * The card failed: it left the field, did not answer in time, or answered something that is not a response
 * APDU. The reader is fine; the next card may work. Nothing is known of whether the last command ran.
 */
public final class CardIoException extends TransportException {
  private static final long serialVersionUID = 1L;

  public CardIoException(String message) {
    super(message, null);
  }

  public CardIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
