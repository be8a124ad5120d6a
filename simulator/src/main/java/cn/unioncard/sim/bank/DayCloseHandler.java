package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.FundingTotal;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/business-days/{date}/close}: the terminal's totals against the bank's ({@link DayTotalsRule}),
 * {@code matched} or the differences. A day with differences stays open: its answer is not kept under the
 * idempotency key, so the terminal may close it again with the same key.
 */
final class DayCloseHandler implements MoneyHandler<DayCloseHandler.Close> {
  /** A close request for its date. */
  record Close(LocalDate date, DayCloseRequest request) {}

  private final Clock clock;

  DayCloseHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Close parse(Call call) throws ApiException {
    LocalDate date = date(call.param(1));
    DayCloseRequest d = call.request().json(DayCloseRequest.class, "day close");
    Idempotency.requireKey(call.request(), "close-" + call.terminal().id() + "-" + date);
    return new Close(date, d);
  }

  @Override
  public boolean keep(ApiAnswer answer) {
    return !new String(answer.body(), StandardCharsets.UTF_8).startsWith("{\"result\":\"differences\"");
  }

  private static LocalDate date(String text) throws ApiException {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiException.malformed("not a business date: " + text);
    }
  }

  @Override
  public ApiAnswer apply(LedgerTables db, Call call, Close close) throws SQLException {
    Terminal t = call.terminal();
    LocalDate date = close.date();
    DayCloseRequest d = close.request();
    Ledger.DayTotals bank = DayTotalsRule.of(db.records().ofDay(t.id(), date.toString()));
    Map<String, long[]> terminal = new LinkedHashMap<>();
    for (CategoryTotal ct : d.totals()) {
      long[] v = terminal.computeIfAbsent(ct.category().name().toLowerCase(Locale.ROOT), k -> new long[2]);
      v[0] += ct.count();
      v[1] += ct.amountFen();
    }
    Map<String, Long> terminalFunding = new LinkedHashMap<>();
    for (FundingTotal ft : d.funding()) {
      terminalFunding.merge(ft.source().name().toLowerCase(Locale.ROOT), ft.amountFen(), Long::sum);
    }
    ArrayNode differences = Json.MAPPER.createArrayNode();
    for (String category : DayTotalsRule.CATEGORIES) {
      long[] tv = terminal.getOrDefault(category, new long[2]);
      Ledger.Total bv = bank.categories().get(category);
      if (tv[0] != bv.count() || tv[1] != bv.amountFen()) {
        differences.add(difference(category, tv[0], bv.count(), tv[1], bv.amountFen(),
            bank.transactionIds().get(category)));
      }
    }
    for (String source : DayTotalsRule.SOURCES) {
      long tv = terminalFunding.getOrDefault(source, 0L);
      long bv = bank.funding().get(source);
      if (tv != bv) {
        ObjectNode diff = difference(source, 0, 0, tv, bv, bank.transactionIds().get(source));
        diff.remove("category");
        diff.put("source", source);
        differences.add(diff);
      }
    }
    ObjectNode answer = Json.MAPPER.createObjectNode();
    boolean matched = differences.isEmpty();
    answer.put("result", matched ? "matched" : "differences");
    if (!matched) {
      answer.set("differences", differences);
    }
    byte[] body = Json.bytes(answer);
    db.businessDays().store(t.id(), date.toString(), matched ? "closed" : "open",
        new String(body, StandardCharsets.UTF_8), new String(BankJson.write(d), StandardCharsets.UTF_8),
        new String(Json.bytes(Json.CONTROL.valueToTree(bank)), StandardCharsets.UTF_8),
        clock.instant().toString());
    return new ApiAnswer(200, body);
  }

  private static ObjectNode difference(String category, long tc, long bc, long ta, long ba, List<String> ids) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("category", category);
    n.put("terminal_count", tc);
    n.put("bank_count", bc);
    n.put("terminal_amount_fen", ta);
    n.put("bank_amount_fen", ba);
    ArrayNode a = n.putArray("transaction_ids");
    for (String id : ids == null ? List.<String>of() : ids) {
      a.add(id);
    }
    return n;
  }
}
