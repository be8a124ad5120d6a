package cn.unioncard.protocol;

/**
 * The one failure of every parser in this module: the bytes (or text) do not form what was expected.
 *
 * <p>It always says what was wrong and where: the byte offset into the input that was being decoded, and,
 * where the input is BER-TLV, the tag of the object being read. Parsers never let an
 * {@code IndexOutOfBoundsException}, a {@code NullPointerException} or an endless loop escape on hostile
 * input; they throw this instead.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** No offset is known (the input as a whole is wrong, for example a missing mandatory object). */
  public static final int NO_OFFSET = -1;

  private final String reason;
  private final int offset;
  private final String tag;

  public DecodeException(String reason, int offset) {
    this(reason, offset, null);
  }

  public DecodeException(String reason, int offset, String tag) {
    super(format(reason, offset, tag));
    this.reason = reason;
    this.offset = offset;
    this.tag = tag;
  }

  /** What was wrong, without the position. */
  public String reason() {
    return reason;
  }

  /** The offset into the decoded input where the problem was found, or {@link #NO_OFFSET}. */
  public int offset() {
    return offset;
  }

  /** The tag (upper-case hex) of the TLV object being decoded, or null when none applies. */
  public String tag() {
    return tag;
  }

  /** The same problem, reported for a caller that decoded {@code base} bytes further into a larger input. */
  public DecodeException shifted(int base) {
    return new DecodeException(reason, offset == NO_OFFSET ? NO_OFFSET : offset + base, tag);
  }

  /** The same problem, reported inside the TLV object {@code outerTag} unless a tag is already known. */
  public DecodeException inTag(String outerTag) {
    return tag != null ? this : new DecodeException(reason, offset, outerTag);
  }

  private static String format(String reason, int offset, String tag) {
    StringBuilder sb = new StringBuilder(reason);
    if (tag != null) {
      sb.append(" (tag ").append(tag);
      if (offset != NO_OFFSET) {
        sb.append(", offset ").append(offset);
      }
      sb.append(')');
    } else if (offset != NO_OFFSET) {
      sb.append(" (offset ").append(offset).append(')');
    }
    return sb.toString();
  }
}
