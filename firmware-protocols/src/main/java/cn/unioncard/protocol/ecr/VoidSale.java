package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * VOID (docs/ecr-protocol.md §9.3): cancel the last sale, the same day, before settlement.
 *
 * @param reference this void's own reference
 * @param saleReference the register's reference of the sale to void (it must be the last one)
 */
public record VoidSale(String reference, String saleReference) implements EcrRequest {
  public VoidSale {
    Fields.checkReference("reference", reference, false);
    Fields.checkReference("sale reference", saleReference, false);
  }

  @Override
  public MessageType type() {
    return MessageType.VOID;
  }

  @Override
  public byte[] encode() {
    return Fields.message(type(), new Fields.Writer().text(REFERENCE, reference).text(ORIGINAL_REFERENCE, saleReference));
  }

  static VoidSale read(Fields.Reader f) throws DecodeException {
    return new VoidSale(
        f.reference(REFERENCE, "reference", true),
        f.reference(ORIGINAL_REFERENCE, "sale reference", true));
  }
}
