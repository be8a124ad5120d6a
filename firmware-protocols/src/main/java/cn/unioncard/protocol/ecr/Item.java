package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * One line of a SALE or REFUND (docs/ecr-protocol.md §9.3, group ITEM).
 *
 * @param code the register's item code (1–32 printable ASCII), what discount rules match on
 * @param name the item's name as printed (UTF-8)
 * @param category the register's category code (1–32 printable ASCII), what category rules match on
 * @param quantityMilli the quantity in thousandths (1 piece = 1000; 2.5 kg = 2500)
 * @param unitPrice price of one unit (1000 thousandths), fen
 * @param lineAmount the line's amount before member discounts, fen
 */
public record Item(String code, String name, String category, long quantityMilli, long unitPrice, long lineAmount) {
  public Item {
    Fields.checkReference("item code", code, false);
    Fields.checkText("item name", name);
    Fields.checkReference("item category", category, false);
    if (quantityMilli < 0 || quantityMilli > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("item quantity out of 0..4294967295 thousandths: " + quantityMilli);
    }
    Fields.checkMoney("item unit price", unitPrice);
    Fields.checkMoney("item line amount", lineAmount);
  }

  Fields.Writer write() {
    return new Fields.Writer()
        .text(ITEM_CODE, code)
        .text(ITEM_NAME, name)
        .text(ITEM_CATEGORY, category)
        .count(ITEM_QUANTITY, quantityMilli)
        .money(ITEM_UNIT_PRICE, unitPrice)
        .money(ITEM_LINE_AMOUNT, lineAmount);
  }

  /** Reads an item the register sent: a quantity of at least one thousandth, and its amount what it costs. */
  static Item read(Fields.Reader f) throws DecodeException {
    Item item = new Item(
        f.reference(ITEM_CODE, "item code", true),
        f.text(ITEM_NAME, "item name", true),
        f.reference(ITEM_CATEGORY, "item category", true),
        f.count(ITEM_QUANTITY, "item quantity"),
        f.money(ITEM_UNIT_PRICE, "item unit price", true, 0),
        f.money(ITEM_LINE_AMOUNT, "item line amount", true, 0));
    if (item.quantityMilli == 0) {
      throw f.invalid(ITEM_QUANTITY, "item " + item.code + ": quantity is zero");
    }
    Long cost = lineCost(item.quantityMilli, item.unitPrice);
    if (cost == null || cost != item.lineAmount) {
      throw f.invalid(ITEM_LINE_AMOUNT, "item " + item.code + ": line amount " + item.lineAmount
          + " fen is not the quantity " + item.quantityMilli + "/1000 times the unit price " + item.unitPrice + " fen"
          + (cost == null ? "" : " (" + cost + " fen)"));
    }
    return item;
  }

  /**
   * What {@code quantityMilli} thousandths at {@code unitPrice} fen a unit cost, rounded half up to the fen
   * (docs/ecr-protocol.md §9.2), or null when it does not fit in a long.
   */
  static Long lineCost(long quantityMilli, long unitPrice) {
    try {
      return Math.addExact(Math.multiplyExact(quantityMilli, unitPrice), 500) / 1000;
    } catch (ArithmeticException e) {
      return null;
    }
  }
}
