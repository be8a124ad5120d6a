package cn.unioncard.bank.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks every model constructor makes, so that no half-filled or ill-formed value exists. A failure is an
 * {@link IllegalArgumentException} whose message starts with the JSON field name ({@code snake_case}); the JSON
 * codec turns it into a {@code BankException} naming the field.
 */
final class Checks {
  private static final Pattern UPPER_HEX = Pattern.compile("(?:[0-9A-F]{2})*");
  private static final Pattern TRANSACTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Checks() {}

  static <T> T present(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + ": required, missing or null");
    }
    return value;
  }

  static String text(String value, String field) {
    present(value, field);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + ": must not be empty");
    }
    return value;
  }

  /** Upper-case hex of whole bytes; {@code bytes} is the exact length, or -1 for any non-zero length. */
  static String hex(String value, String field, int bytes) {
    text(value, field);
    if (!UPPER_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": not upper-case hex of whole bytes");
    }
    if (bytes >= 0 && value.length() != 2 * bytes) {
      throw new IllegalArgumentException(field + ": must be " + bytes + " bytes (" + 2 * bytes + " hex digits)");
    }
    return value;
  }

  static String optionalHex(String value, String field, int bytes) {
    return value == null ? null : hex(value, field, bytes);
  }

  static String transactionId(String value, String field) {
    text(value, field);
    if (!TRANSACTION_ID.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": not a transaction id ([A-Za-z0-9._-], at most 64)");
    }
    return value;
  }

  static long fen(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + ": an amount in fen is never negative");
    }
    return value;
  }

  static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + ": never negative");
    }
    return value;
  }

  static int count(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + ": a count is never negative");
    }
    return value;
  }

  /** An unmodifiable copy with no null element. */
  static <T> List<T> list(List<T> value, String field) {
    present(value, field);
    List<T> copy = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      T v = value.get(i);
      if (v == null) {
        throw new IllegalArgumentException(field + "[" + i + "]: null element");
      }
      copy.add(v);
    }
    return Collections.unmodifiableList(copy);
  }

  static <T> List<T> optionalList(List<T> value, String field) {
    return value == null ? null : list(value, field);
  }
}
