package cn.unioncard.bank;

/**
 * The one failure of the bank client, with a {@link Kind} the caller acts on. No raw HTTP status or {@code
 * IOException} leaves the client; each is mapped to a kind (docs/bank-api.md, "Errors").
 */
public final class BankException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, and so what the caller does. */
  public enum Kind {
    /** 422: the bank refused the request for a business reason ({@link #reason()}). Do not resend as is. */
    REJECTED,
    /** 409: the idempotency key was used before with a different body: a defect or a corrupted record. */
    CONFLICT,
    /** No answer after every allowed attempt (connection failures, timeouts, 429, 5xx). Try again later. */
    UNREACHABLE,
    /** 401: unknown terminal, bad signature, stale clock or replay. Sign on again, check the clock. */
    UNAUTHORISED,
    /** 404: the bank holds no such thing (a benefit account, a transaction). */
    NOT_FOUND,
    /** The answer is not what the API defines: truncated, a wrong type, a missing field ({@link #field()}). */
    MALFORMED_RESPONSE,
    /** The answer's (or a reference document's) signature does not verify: not from the bank. */
    BAD_SIGNATURE,
    /** 400: the bank says the request was malformed: a defect in the terminal; not retried. */
    MALFORMED_REQUEST,
    /** A sign-on key block's check value does not match: the keys are not taken. */
    KEY_CHECK_FAILED
  }

  private final Kind kind;
  private final String reason;
  private final String field;

  public BankException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  public BankException(Kind kind, String message, Throwable cause) {
    this(kind, message, null, null, cause);
  }

  private BankException(Kind kind, String message, String reason, String field, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
    this.reason = reason;
    this.field = field;
  }

  /** A {@link Kind#REJECTED} with the bank's reason code (e.g. {@code merchant_unknown}). */
  public static BankException rejected(String reason, String message) {
    return new BankException(Kind.REJECTED, reason + " (" + message + ")", reason, null, null);
  }

  /** A malformed body ({@link Kind#MALFORMED_RESPONSE} or {@link Kind#MALFORMED_REQUEST}) naming the field. */
  public static BankException malformed(Kind kind, String field, String message, Throwable cause) {
    return new BankException(kind, message, null, field, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** For {@link Kind#REJECTED}: the bank's reason code; otherwise null. */
  public String reason() {
    return reason;
  }

  /**
   * For a malformed body: the JSON path of the offending field ({@code results[3].status}), empty when the
   * body as a whole is wrong (truncated, not JSON); otherwise null.
   */
  public String field() {
    return field;
  }
}
