package cn.unioncard.ports.card;


/** The reader failed: unplugged, its driver or service gone. No card can be reached until it comes back. */
public final class ReaderIoException extends TransportException {
  private static final long serialVersionUID = 1L;

  public ReaderIoException(String message) {
    super(message, null);
  }

  public ReaderIoException(String message, Throwable cause) {
    super(message, cause);
  }
}
