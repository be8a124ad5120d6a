package cn.unioncard.agent.store;

import java.util.Random;

/** Text values for the stored details' property tests (SaleDetailTest, TripDetailTest). */
public final class DetailTexts {
  private DetailTexts() {}

  /** Null, empty, hex, or any text (quotes, backslashes, CJK, controls) that JSON must carry. */
  public static String text(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return null;
      case 1:
        return "";
      case 2:
        return String.format("%08X", r.nextInt());
      default:
        StringBuilder b = new StringBuilder();
        String alphabet = "aZ09 \"\\/\n\t\u0001会员优惠票价线站é";
        for (int i = r.nextInt(12); i > 0; i--) {
          b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }
  }
}
