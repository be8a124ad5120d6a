package cn.unioncard.protocol.ecr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random valid messages for the property tests. */
final class EcrGen {
  private EcrGen() {}

  private static final String CHINESE = "面粉行李箱工会会员优惠商户银行补贴合计";

  static String reference(Random rnd) {
    int n = 1 + rnd.nextInt(Fields.MAX_REFERENCE);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x20 + rnd.nextInt(0x5F)));
    }
    return sb.toString();
  }

  static String maybeReference(Random rnd) {
    return rnd.nextInt(3) == 0 ? null : reference(rnd);
  }

  static String code(Random rnd) {
    return reference(rnd).substring(0, 1 + rnd.nextInt(1));
  }

  static String text(Random rnd) {
    int n = rnd.nextInt(24);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (rnd.nextInt(3)) {
        case 0:
          sb.append(CHINESE.charAt(rnd.nextInt(CHINESE.length())));
          break;
        case 1:
          sb.appendCodePoint(0x1F600 + rnd.nextInt(16)); // outside the BMP: a surrogate pair
          break;
        default:
          sb.append((char) (0x20 + rnd.nextInt(0x5F)));
      }
    }
    return sb.toString();
  }

  static long money(Random rnd) {
    switch (rnd.nextInt(4)) {
      case 0:
        return 0;
      case 1:
        return Long.MAX_VALUE;
      default:
        return rnd.nextInt(10_000_000);
    }
  }

  static <E extends Enum<E>> E pick(Random rnd, E[] values) {
    return values[rnd.nextInt(values.length)];
  }

  static List<Item> items(Random rnd) {
    List<Item> items = new ArrayList<>();
    for (int i = rnd.nextInt(5); i > 0; i--) {
      // what a register may send (docs/ecr-protocol.md §9.3): a quantity of at least 1, the line what it costs
      long quantity = 1 + (rnd.nextInt() & 0xFFFFFFFEL);
      long unitPrice = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(10_000_000);
      items.add(new Item(reference(rnd), text(rnd), reference(rnd), quantity, unitPrice,
          Item.lineCost(quantity, unitPrice)));
    }
    return items;
  }

  static EcrMessage message(Random rnd) {
    switch (rnd.nextInt(11)) {
      case 9: {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 12; i++) {
          digits.append((char) ('0' + rnd.nextInt(10)));
        }
        return new PinRequest(digits.toString(), money(rnd), pick(rnd, PinKeyAlgorithm.values()), 1 + rnd.nextInt(255));
      }
      case 10: {
        PinStatus status = pick(rnd, PinStatus.values());
        byte[] block = null;
        if (status == PinStatus.ENTERED) {
          block = new byte[rnd.nextBoolean() ? 8 : 16];
          rnd.nextBytes(block);
        }
        return new PinResponse(status, block);
      }
      case 0:
        return new Sale(reference(rnd), Math.max(1, money(rnd)), items(rnd), rnd.nextBoolean());
      case 1: {
        String original = maybeReference(rnd);
        String id = original == null ? reference(rnd) : maybeReference(rnd);
        return new Refund(reference(rnd), original, id, money(rnd), items(rnd));
      }
      case 2:
        return new VoidSale(reference(rnd), reference(rnd));
      case 3:
        return new BalanceQuery(reference(rnd));
      case 4:
        return new Settle(reference(rnd));
      case 5:
        return new StatusQuery(maybeReference(rnd));
      case 6:
        return new Cancel();
      case 7:
        return new Progress(maybeReference(rnd), pick(rnd, Stage.values()), rnd.nextBoolean() ? null : text(rnd));
      default:
        return result(rnd);
    }
  }

  static Result result(Random rnd) {
    MessageType[] requests = {
      MessageType.SALE, MessageType.REFUND, MessageType.VOID, MessageType.BALANCE,
      MessageType.SETTLE, MessageType.STATUS, MessageType.CANCEL
    };
    List<Charge> charges = new ArrayList<>();
    for (int i = rnd.nextInt(4); i > 0; i--) {
      charges.add(new Charge(pick(rnd, Account.values()), money(rnd)));
    }
    List<DiscountLine> discounts = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      discounts.add(new DiscountLine(reference(rnd), text(rnd), money(rnd), pick(rnd, FundingSource.values())));
    }
    List<String> receipt = new ArrayList<>();
    for (int i = rnd.nextInt(6); i > 0; i--) {
      receipt.add(text(rnd));
    }
    List<AccountBalance> balances = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      balances.add(new AccountBalance(pick(rnd, Account.values()), money(rnd)));
    }
    List<DayTotal> totals = new ArrayList<>();
    MessageType[] totalTypes = {MessageType.SALE, MessageType.REFUND, MessageType.VOID};
    for (int i = rnd.nextInt(3); i > 0; i--) {
      totals.add(new DayTotal(totalTypes[rnd.nextInt(3)], pick(rnd, Account.values()), rnd.nextInt() & 0xFFFFFFFFL, money(rnd)));
    }
    return new Result(requests[rnd.nextInt(requests.length)], maybeReference(rnd), pick(rnd, Outcome.values()), code(rnd),
        rnd.nextBoolean() ? null : text(rnd), maybeReference(rnd), money(rnd), charges, discounts, receipt, balances, totals,
        rnd.nextBoolean() ? null : pick(rnd, TerminalState.values()));
  }
}
