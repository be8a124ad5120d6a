package cn.unioncard.sim.bank;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the bank totals a terminal's business day from the records it holds (the day close compares these). */
final class DayTotalsRule {
  /** The categories of the day close (docs/bank-api.md). */
  static final String[] CATEGORIES = {"debit", "benefit", "ecash", "transit", "refund", "reversal"};

  /** The funding sources of the day close. */
  static final String[] SOURCES = {"merchant_concession", "bank_subsidy", "union_ride_subsidy"};

  private DayTotalsRule() {}

  /**
   * The day's totals. A sale counts once in each of {@code debit}, {@code benefit}, {@code ecash} and
   * {@code transit} (purse) whose funding part is above zero, with that part as the amount; a trip counts in
   * {@code transit} with its amount; a refund in {@code refund} and a reversal or void in {@code reversal}, each
   * with its amount. Funding sources sum the discounts' merchant and bank parts and the trips' union subsidy,
   * over sales and trips. An {@code ecash_unknown} record (an offline sale whose outcome the terminal does not know)
   * counts nowhere. The transaction ids are kept per category and per source.
   */
  static Ledger.DayTotals of(List<Ledger.Record> records) {
    Map<String, long[]> cat = new LinkedHashMap<>();
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (String c : CATEGORIES) {
      cat.put(c, new long[2]);
      ids.put(c, new ArrayList<>());
    }
    Map<String, Long> funding = new LinkedHashMap<>();
    for (String s : SOURCES) {
      funding.put(s, 0L);
      ids.put(s, new ArrayList<>());
    }
    for (Ledger.Record r : records) {
      switch (r.type()) {
        case "sale":
          add(cat, ids, "debit", r.debitFen(), r);
          add(cat, ids, "benefit", r.benefitFen(), r);
          add(cat, ids, "ecash", r.ecashFen(), r);
          add(cat, ids, "transit", r.purseFen(), r);
          addFunding(funding, ids, r);
          break;
        case "trip":
          addAlways(cat, ids, "transit", r.amountFen(), r);
          addFunding(funding, ids, r);
          break;
        case "refund":
          addAlways(cat, ids, "refund", r.amountFen(), r);
          break;
        case "ecash_unknown":
          break; // not an approved sale: it counts nowhere until the card's clearing proves it
        default: // reversal, void
          addAlways(cat, ids, "reversal", r.amountFen(), r);
          break;
      }
    }
    Map<String, Ledger.Total> totals = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : cat.entrySet()) {
      totals.put(e.getKey(), new Ledger.Total(e.getValue()[0], e.getValue()[1]));
    }
    return new Ledger.DayTotals(totals, funding, ids);
  }

  private static void add(
      Map<String, long[]> cat, Map<String, List<String>> ids, String c, long fen, Ledger.Record r) {
    if (fen > 0) {
      addAlways(cat, ids, c, fen, r);
    }
  }

  private static void addAlways(
      Map<String, long[]> cat, Map<String, List<String>> ids, String c, long fen, Ledger.Record r) {
    cat.get(c)[0]++;
    cat.get(c)[1] += fen;
    ids.get(c).add(r.transactionId());
  }

  private static void addFunding(Map<String, Long> funding, Map<String, List<String>> ids, Ledger.Record r) {
    long[] parts = {r.merchantFen(), r.bankFen(), r.unionSubsidyFen()};
    for (int i = 0; i < SOURCES.length; i++) {
      if (parts[i] > 0) {
        funding.merge(SOURCES[i], parts[i], Long::sum);
        ids.get(SOURCES[i]).add(r.transactionId());
      }
    }
  }
}
