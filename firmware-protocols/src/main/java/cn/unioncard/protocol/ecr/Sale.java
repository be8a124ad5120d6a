package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

import java.util.ArrayList;
import java.util.List;

/**
 * SALE (docs/ecr-protocol.md §9.3): charge {@code amount} fen for {@code items}. The terminal applies member
 * discounts, so the amount charged (in the RESULT) may be less.
 *
 * @param reference the register's reference: a SALE repeated with it is answered with the first result
 * @param amount the total before member discounts, fen
 * @param items the lines of the sale (discount rules match on their codes and categories); may be empty
 * @param debitOnly charge the debit account only, not the benefit account
 */
public record Sale(String reference, long amount, List<Item> items, boolean debitOnly) implements EcrRequest {
  public Sale {
    Fields.checkReference("reference", reference, false);
    Fields.checkMoney("amount", amount);
    items = Fields.copy("items", items);
  }

  @Override
  public MessageType type() {
    return MessageType.SALE;
  }

  @Override
  public byte[] encode() {
    Fields.Writer w = new Fields.Writer().text(REFERENCE, reference).money(AMOUNT, amount);
    for (Item item : items) {
      w.group(ITEM, item.write());
    }
    if (debitOnly) {
      w.code(DEBIT_ONLY, 1);
    }
    return Fields.message(type(), w);
  }

  static Sale read(Fields.Reader f, byte[] payload) throws DecodeException {
    List<Item> items = new ArrayList<>();
    for (Fields.Reader g : f.groups(ITEM, "ITEM", payload)) {
      items.add(Item.read(g));
    }
    Sale sale = new Sale(
        f.reference(REFERENCE, "reference", true),
        f.money(AMOUNT, "amount", true, 0),
        items,
        f.flag(DEBIT_ONLY, "debit only"));
    if (sale.amount == 0) {
      throw f.invalid(AMOUNT, "a sale of 0.00 charges nothing");
    }
    return sale;
  }
}
