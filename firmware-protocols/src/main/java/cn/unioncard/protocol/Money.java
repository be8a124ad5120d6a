package cn.unioncard.protocol;


/** The project's money arithmetic: fen as {@code long}, and the one rounding rule, half up to the fen. */
public final class Money {
  private Money() {}

  /** {@code percent}% of {@code fen}, rounded half up to the fen (fen ≥ 0, percent 0..100). */
  public static long percentOf(long fen, int percent) {
    return (fen * percent * 2 + 100) / 200;
  }

  /** "97.00" for 9700 fen. */
  public static String yuan(long fen) {
    String sign = fen < 0 ? "-" : "";
    long a = Math.abs(fen);
    return sign + (a / 100) + "." + (a % 100 < 10 ? "0" : "") + (a % 100);
  }
}
