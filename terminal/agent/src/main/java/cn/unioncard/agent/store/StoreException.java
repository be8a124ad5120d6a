package cn.unioncard.agent.store;

/**
 * The store could not do what was asked. The {@link Kind} tells the caller what to do: a terminal that cannot store
 * stops approving (it never approves what it cannot store) and says why.
 */
public final class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Kind {
    /** The disk or the database is full. */
    FULL,
    /** The database cannot be written (read-only file or file system, permissions). */
    READ_ONLY,
    /** The database could not be opened, or is not a database of ours. */
    CANNOT_OPEN,
    /** The file is damaged. */
    CORRUPT,
    /** An I/O error from the disk. */
    IO,
    /** The row is not in the state the caller expected (another step moved it first). */
    CONFLICT,
    /** Anything else. */
    OTHER
  }

  private final Kind kind;

  public StoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the store may work again once the disk has room or becomes writable. */
  public boolean isRecoverable() {
    return kind == Kind.FULL || kind == Kind.READ_ONLY || kind == Kind.IO;
  }
}
