package cn.unioncard.protocol.ecr;

import cn.unioncard.protocol.DecodeException;
import static cn.unioncard.protocol.ecr.FieldTags.*;

/**
 * One member discount applied to a sale (docs/ecr-protocol.md §9.3, group DISCOUNT).
 *
 * @param rule the discount rule's identifier (1–32 printable ASCII)
 * @param description as printed on the receipt (UTF-8)
 * @param amount the discount, fen
 * @param funding who pays for it
 */
public record DiscountLine(String rule, String description, long amount, FundingSource funding) {
  public DiscountLine {
    Fields.checkReference("discount rule", rule, false);
    Fields.checkText("discount description", description);
    Fields.checkMoney("discount amount", amount);
    if (funding == null) {
      throw new IllegalArgumentException("discount funding source missing");
    }
  }

  Fields.Writer write() {
    return new Fields.Writer()
        .text(DISCOUNT_RULE, rule)
        .text(DISCOUNT_DESCRIPTION, description)
        .money(DISCOUNT_AMOUNT, amount)
        .code(DISCOUNT_FUNDING, funding.code());
  }

  static DiscountLine read(Fields.Reader f) throws DecodeException {
    return new DiscountLine(
        f.reference(DISCOUNT_RULE, "discount rule", true),
        f.text(DISCOUNT_DESCRIPTION, "discount description", true),
        f.money(DISCOUNT_AMOUNT, "discount amount", true, 0),
        FundingSource.fromCode(f.code(DISCOUNT_FUNDING, "funding source", true), f.offsetOf(DISCOUNT_FUNDING)));
  }
}
