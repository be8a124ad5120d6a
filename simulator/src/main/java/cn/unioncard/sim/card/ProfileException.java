package cn.unioncard.sim.card;

/**
 * A card profile or state file that cannot be used: one line naming the file, the JSON field path and what is
 * wrong, for example {@code model-worker.json: debit.pan: fails its Luhn check}.
 */
public final class ProfileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final String field;
  private final String reason;

  public ProfileException(String field, String reason) {
    this(null, field, reason);
  }

  private ProfileException(String source, String field, String reason) {
    super(format(source, field, reason));
    this.source = source;
    this.field = field;
    this.reason = reason;
  }

  /** The same error, said of {@code source} (a file name). */
  public ProfileException in(String source) {
    ProfileException e = new ProfileException(source, field, reason);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /** The file (or resource) name, or null. */
  public String source() {
    return source;
  }

  /** The JSON field path ({@code debit.log[2].amount_fen}), or null for the document as a whole. */
  public String field() {
    return field;
  }

  public String reason() {
    return reason;
  }

  private static String format(String source, String field, String reason) {
    StringBuilder b = new StringBuilder();
    if (source != null) {
      b.append(source).append(": ");
    }
    if (field != null && !field.isEmpty()) {
      b.append(field).append(": ");
    }
    return b.append(reason.replace('\n', ' ').replace('\r', ' ')).toString();
  }
}
