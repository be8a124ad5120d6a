package cn.unioncard.agent.checkout;

import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.protocol.Money;
import cn.unioncard.protocol.ecr.Account;
import cn.unioncard.protocol.ecr.Charge;
import cn.unioncard.protocol.ecr.DiscountLine;
import cn.unioncard.protocol.ecr.FundingSource;
import cn.unioncard.protocol.ecr.MessageType;
import cn.unioncard.protocol.ecr.Outcome;
import cn.unioncard.protocol.ecr.Result;
import cn.unioncard.protocol.emv.Pan;
import java.util.ArrayList;
import java.util.List;

/** The approved RESULTs with their receipt lines, charges and discount lines: a sale's, a refund's, a void's. */
final class Receipts {
  private final String merchantId;

  Receipts(String merchantId) {
    this.merchantId = merchantId;
  }

  Result approvedSale(String ref, String id, DiscountRules.Priced priced, List<BasketItem> basket,
      long benefit, long debit, long ecash, Pan pan, String authCode, String category) {
    List<Charge> charges = charges(benefit, debit, ecash);
    List<DiscountLine> discounts = new ArrayList<>();
    List<String> receipt = new ArrayList<>();
    receipt.add("商户 " + merchantId + " 消费 SALE");
    for (DiscountRules.PricedLine line : priced.lines()) {
      receipt.add(line.item().name() + " " + Money.yuan(line.item().lineFen()));
      for (DiscountRules.Discount d : line.discounts()) {
        receipt.add("  " + d.description() + " -" + Money.yuan(d.fen()) + fundingText(d));
        if (d.merchantFen() > 0) {
          discounts.add(new DiscountLine(d.ruleId(), d.description(), d.merchantFen(), FundingSource.MERCHANT));
        }
        if (d.bankFen() > 0) {
          discounts.add(new DiscountLine(d.ruleId(), d.description(), d.bankFen(), FundingSource.BANK));
        }
      }
    }
    long itemised = 0;
    for (BasketItem b : basket) {
      itemised += b.lineFen();
    }
    if (priced.listFen() > itemised) {
      receipt.add("其他 other " + Money.yuan(priced.listFen() - itemised));
    }
    if (priced.discountFen() > 0) {
      receipt.add("会员优惠 member discount -" + Money.yuan(priced.discountFen()));
    }
    receipt.add("合计 TOTAL " + Money.yuan(priced.paidFen()));
    accountLines(receipt, benefit, debit, ecash);
    receipt.add("卡号 " + pan.masked() + (category == null ? "" : " 会员 " + category));
    receipt.add("交易号 " + id);
    if (authCode != null) {
      receipt.add("授权码 " + authCode);
    }
    return Result.of(MessageType.SALE, ref, Outcome.APPROVED, Answers.OK, "批准 approved")
        .withCharges(id, benefit + debit + ecash, charges).withDiscounts(discounts).withReceipt(receipt);
  }

  /** A refund of {@code amount} of {@code sale}, back to the accounts as split. */
  Result approvedRefund(String ref, TxRecord sale, String id, long amount, long benefit, long debit, long ecash) {
    List<String> receipt = new ArrayList<>();
    receipt.add("商户 " + merchantId + " 退货 REFUND");
    receipt.add("原交易 " + sale.id());
    receipt.add("退款 " + Money.yuan(amount));
    accountLines(receipt, benefit, debit, ecash);
    receipt.add("交易号 " + id);
    return Result.of(MessageType.REFUND, ref, Outcome.APPROVED, Answers.OK, "批准 approved")
        .withCharges(id, amount, charges(benefit, debit, ecash)).withReceipt(receipt);
  }

  /** The void of {@code sale}. */
  Result approvedVoid(String ref, TxRecord sale, String id) {
    List<String> receipt = new ArrayList<>();
    receipt.add("商户 " + merchantId + " 撤销 VOID");
    receipt.add("原交易 " + sale.id());
    receipt.add("撤销金额 " + Money.yuan(sale.amountFen()));
    receipt.add("交易号 " + id);
    return Result.of(MessageType.VOID, ref, Outcome.APPROVED, Answers.OK, "批准 approved").withCharges(id,
        sale.amountFen(), charges(sale.benefitFen(), sale.debitFen(), sale.ecashFen())).withReceipt(receipt);
  }

  private static String fundingText(DiscountRules.Discount d) {
    if (d.merchantFen() > 0 && d.bankFen() > 0) {
      return " (商户 " + Money.yuan(d.merchantFen()) + " 银行 " + Money.yuan(d.bankFen()) + ")";
    }
    return d.merchantFen() > 0 ? " (商户 merchant)" : " (银行 bank)";
  }

  /** The receipt's line for each account that paid (or is paid back) something. */
  private static void accountLines(List<String> receipt, long benefit, long debit, long ecash) {
    if (benefit > 0) {
      receipt.add("工会福利账户 benefit " + Money.yuan(benefit));
    }
    if (debit > 0) {
      receipt.add("借记账户 debit " + Money.yuan(debit));
    }
    if (ecash > 0) {
      receipt.add("电子现金 e-cash " + Money.yuan(ecash));
    }
  }

  static List<Charge> charges(long benefit, long debit, long ecash) {
    List<Charge> out = new ArrayList<>();
    if (benefit > 0) {
      out.add(new Charge(Account.BENEFIT, benefit));
    }
    if (debit > 0) {
      out.add(new Charge(Account.DEBIT, debit));
    }
    if (ecash > 0) {
      out.add(new Charge(Account.ELECTRONIC_CASH, ecash));
    }
    return out;
  }
}
