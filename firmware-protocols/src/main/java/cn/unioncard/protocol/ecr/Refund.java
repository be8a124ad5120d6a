package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

import java.util.ArrayList;
import java.util.List;

/**
 * REFUND (docs/ecr-protocol.md §9.3): give {@code amount} fen back for an earlier sale, named by the
 * register's reference of that sale, the terminal's transaction id, or both.
 *
 * @param reference this refund's own reference
 * @param originalReference the register's reference of the sale, or null
 * @param originalTransactionId the terminal's transaction id of the sale, or null
 * @param items the lines refunded; may be empty
 */
public record Refund(String reference, String originalReference, String originalTransactionId, long amount, List<Item> items)
    implements EcrRequest {
  public Refund {
    Fields.checkReference("reference", reference, false);
    Fields.checkReference("original reference", originalReference, true);
    Fields.checkReference("original transaction id", originalTransactionId, true);
    if (originalReference == null && originalTransactionId == null) {
      throw new IllegalArgumentException("a refund names the sale by its reference or transaction id");
    }
    Fields.checkMoney("amount", amount);
    items = Fields.copy("items", items);
  }

  @Override
  public MessageType type() {
    return MessageType.REFUND;
  }

  @Override
  public byte[] encode() {
    Fields.Writer w = new Fields.Writer()
        .text(REFERENCE, reference)
        .text(ORIGINAL_REFERENCE, originalReference)
        .text(TRANSACTION_ID, originalTransactionId)
        .money(AMOUNT, amount);
    for (Item item : items) {
      w.group(ITEM, item.write());
    }
    return Fields.message(type(), w);
  }

  static Refund read(Fields.Reader f, byte[] payload) throws DecodeException {
    String reference = f.reference(REFERENCE, "reference", true);
    String original = f.reference(ORIGINAL_REFERENCE, "original reference", false);
    String transactionId = f.reference(TRANSACTION_ID, "original transaction id", false);
    if (original == null && transactionId == null) {
      throw new DecodeException("REFUND: neither original reference (05) nor transaction id (06)", 2);
    }
    long amount = f.money(AMOUNT, "amount", true, 0);
    List<Item> items = new ArrayList<>();
    for (Fields.Reader g : f.groups(ITEM, "ITEM", payload)) {
      items.add(Item.read(g));
    }
    return new Refund(reference, original, transactionId, amount, items);
  }
}
