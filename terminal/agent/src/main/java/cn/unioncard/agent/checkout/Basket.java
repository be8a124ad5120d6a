package cn.unioncard.agent.checkout;

import cn.unioncard.protocol.ecr.Item;
import java.util.List;

/** The register's items as the checkout's basket lines. */
final class Basket {
  private Basket() {}

  /** The register's items as basket lines; returns the amount not itemised (negative: the items are too much). */
  static long of(List<Item> items, long amount, List<BasketItem> out) {
    long sum = 0;
    for (Item i : items) {
      boolean whole = i.quantityMilli() > 0 && i.quantityMilli() % 1000 == 0 && i.quantityMilli() / 1000 <= 1_000_000;
      // a quantity in whole units prices per unit; a weight (2.5 kg) is one unit at its line amount
      out.add(whole
          ? new BasketItem(i.code(), i.name(), i.category(), (int) (i.quantityMilli() / 1000), i.unitPrice(),
              i.lineAmount())
          : new BasketItem(i.code(), i.name(), i.category(), 1, i.lineAmount(), i.lineAmount()));
      sum += i.lineAmount();
    }
    return amount - sum;
  }
}
