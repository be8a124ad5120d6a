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

  static Item read(Fields.Reader f) throws DecodeException {
    return new Item(
        f.reference(ITEM_CODE, "item code", true),
        f.text(ITEM_NAME, "item name", true),
        f.reference(ITEM_CATEGORY, "item category", true),
        f.count(ITEM_QUANTITY, "item quantity"),
        f.money(ITEM_UNIT_PRICE, "item unit price", true, 0),
        f.money(ITEM_LINE_AMOUNT, "item line amount", true, 0));
  }
}
