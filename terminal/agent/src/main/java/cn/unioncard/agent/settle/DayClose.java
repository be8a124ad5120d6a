package cn.unioncard.agent.settle;

import cn.unioncard.agent.store.BusinessDays;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.TxState;
import cn.unioncard.bank.BankClient;
import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.DayCloseResponse;
import cn.unioncard.bank.model.DayCloseResult;
import cn.unioncard.bank.model.Difference;
import cn.unioncard.bank.model.FundingSource;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.bank.model.TotalCategory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closing a business day: the day's totals from the store, per category (debit, benefit, electronic cash, transit,
 * refund, reversal) and per discount funding source (merchant concession, bank subsidy, union ride subsidy), sent
 * with {@link BankClient#closeBusinessDay}. Matched: the day is closed in the store. Differences: reported with the
 * records involved, and the day stays open. Only once every record of the day is settled.
 *
 * <p>The totals follow the bank's rule (docs/bank-api.md and docs/settlement.md): a sale counts once in each of
 * debit, benefit, ecash and transit whose funding part is above zero, with that part; a trip in transit with its
 * amount; a refund in refund, a reversal or a void in reversal, with their amounts. The funding sources sum the
 * merchant and bank parts of sales' discounts and the union's subsidy of trips.
 */
public final class DayClose {
  private static final Logger LOG = LoggerFactory.getLogger(DayClose.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TransactionStore store;
  private final BankClient bank;

  DayClose(TransactionStore store, BankClient bank) {
    this.store = store;
    this.bank = bank;
  }

  /** How a close ended. */
  public enum Result {
    /** The bank's totals matched: the day is closed in the store. */
    CLOSED,
    /** It was closed before: nothing sent. */
    ALREADY_CLOSED,
    /** Some of the day's records are not settled yet (listed): nothing sent, the day stays open. */
    NOT_READY,
    /** The bank's totals differ (listed with the records involved): the day stays open. */
    DIFFERENCES,
    /** The bank or the store failed: try again. */
    FAILED
  }

  /** What a close did. */
  public record Report(
      LocalDate date,
      Result result,
      List<CategoryTotal> totals,
      List<FundingTotal> funding,
      List<Difference> differences,
      List<String> waitingFor,
      String failure) {}

  /** The day's totals from the store (what the close sends). */
  public DayCloseRequest totals(LocalDate date) throws StoreException {
    return totals(store, date);
  }

  /** The day's totals in {@code store} (for {@code ucard status}, which reads a store without the bank). */
  public static DayCloseRequest totals(TransactionStore store, LocalDate date) throws StoreException {
    Map<TotalCategory, long[]> cat = new EnumMap<>(TotalCategory.class);
    for (TotalCategory c : TotalCategory.values()) {
      cat.put(c, new long[2]);
    }
    Map<FundingSource, long[]> src = new EnumMap<>(FundingSource.class);
    for (FundingSource s : FundingSource.values()) {
      src.put(s, new long[1]);
    }
    store.businessDays().forEachRecord(date, r -> add(r, cat, src));
    List<CategoryTotal> totals = new ArrayList<>();
    for (Map.Entry<TotalCategory, long[]> e : cat.entrySet()) {
      totals.add(new CategoryTotal(e.getKey(), Math.toIntExact(e.getValue()[0]), e.getValue()[1]));
    }
    List<FundingTotal> funding = new ArrayList<>();
    for (Map.Entry<FundingSource, long[]> e : src.entrySet()) {
      funding.add(new FundingTotal(e.getKey(), e.getValue()[0]));
    }
    return new DayCloseRequest(totals, funding);
  }

  private static void add(TxRecord r, Map<TotalCategory, long[]> cat, Map<FundingSource, long[]> src) {
    switch (r.type()) {
      case SALE:
        if (r.state() == TxState.AWAITING_CARD || r.state() == TxState.CANCELLED) {
          // uploaded as ecash_unknown (the card may have paid), or resolved as not paid after that: the bank counts
          // it nowhere, nor does the terminal
          break;
        }
        part(cat, TotalCategory.DEBIT, r.debitFen());
        part(cat, TotalCategory.BENEFIT, r.benefitFen());
        part(cat, TotalCategory.ECASH, r.ecashFen());
        part(cat, TotalCategory.TRANSIT, r.purseFen());
        funding(r, src);
        break;
      case TRIP:
        count(cat, TotalCategory.TRANSIT, r.amountFen());
        funding(r, src);
        break;
      case REFUND:
        count(cat, TotalCategory.REFUND, r.amountFen());
        break;
      default: // REVERSAL, VOID
        count(cat, TotalCategory.REVERSAL, r.amountFen());
        break;
    }
  }

  private static void part(Map<TotalCategory, long[]> cat, TotalCategory c, long fen) {
    if (fen > 0) {
      count(cat, c, fen);
    }
  }

  private static void count(Map<TotalCategory, long[]> cat, TotalCategory c, long fen) {
    cat.get(c)[0]++;
    cat.get(c)[1] += fen;
  }

  private static void funding(TxRecord r, Map<FundingSource, long[]> src) {
    src.get(FundingSource.MERCHANT_CONCESSION)[0] += r.merchantFen();
    src.get(FundingSource.BANK_SUBSIDY)[0] += r.bankFen();
    src.get(FundingSource.UNION_RIDE_SUBSIDY)[0] += r.unionFen();
  }

  /** Closes {@code date} with the bank when every record of it is settled. Never throws. */
  public Report close(LocalDate date) {
    try {
      if (store.businessDays().get(date).map(d -> d.state() == BusinessDays.DayState.CLOSED).orElse(false)) {
        return new Report(date, Result.ALREADY_CLOSED, Collections.emptyList(), Collections.emptyList(),
            Collections.emptyList(), Collections.emptyList(), null);
      }
      List<String> waiting = new ArrayList<>();
      for (TxRecord r : store.businessDays().unsettled(date)) {
        waiting.add(r.id());
      }
      if (!waiting.isEmpty()) {
        LOG.info("day close of {}: {} records not settled yet (first {})", date, waiting.size(), waiting.get(0));
        return new Report(date, Result.NOT_READY, Collections.emptyList(), Collections.emptyList(),
            Collections.emptyList(), waiting, null);
      }
      DayCloseRequest totals = totals(date);
      DayCloseResponse answer = bank.closeBusinessDay(date, totals);
      ObjectNode detail = JSON.createObjectNode();
      detail.put("result", answer.result().name().toLowerCase(java.util.Locale.ROOT));
      if (answer.result() == DayCloseResult.MATCHED) {
        store.businessDays().record(date, BusinessDays.DayState.CLOSED, detail.toString());
        LOG.info("day close of {}: matched, closed", date);
        return new Report(date, Result.CLOSED, totals.totals(), totals.funding(), Collections.emptyList(),
            Collections.emptyList(), null);
      }
      ArrayNode diffs = detail.putArray("differences");
      for (Difference d : answer.differences()) {
        ObjectNode n = diffs.addObject();
        n.put(d.category() != null ? "category" : "source",
            d.category() != null ? d.category().name() : d.source().name());
        n.put("terminal_count", d.terminalCount());
        n.put("bank_count", d.bankCount());
        n.put("terminal_amount_fen", d.terminalAmountFen());
        n.put("bank_amount_fen", d.bankAmountFen());
        ArrayNode ids = n.putArray("transaction_ids");
        for (String id : d.transactionIds()) {
          ids.add(id);
        }
        LOG.warn("day close of {}: {} differs: terminal {} / {} fen, bank {} / {} fen, records {}", date,
            d.category() != null ? d.category() : d.source(), d.terminalCount(), d.terminalAmountFen(),
            d.bankCount(), d.bankAmountFen(), d.transactionIds());
      }
      store.businessDays().record(date, BusinessDays.DayState.OPEN, detail.toString());
      return new Report(date, Result.DIFFERENCES, totals.totals(), totals.funding(), answer.differences(),
          Collections.emptyList(), null);
    } catch (StoreException | BankException e) {
      LOG.warn("day close of {} failed: {}", date, e.getMessage());
      return new Report(date, Result.FAILED, Collections.emptyList(), Collections.emptyList(),
          Collections.emptyList(), Collections.emptyList(), e.getMessage());
    }
  }
}
