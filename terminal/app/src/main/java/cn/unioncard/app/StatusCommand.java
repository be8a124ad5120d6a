package cn.unioncard.app;

import cn.unioncard.agent.checkout.OfflineIntentRecovery;
import cn.unioncard.agent.checkout.ReversalDriver;
import cn.unioncard.agent.settle.DayClose;
import cn.unioncard.agent.store.StoreException;
import cn.unioncard.agent.store.TransactionStore;
import cn.unioncard.agent.store.TxRecord;
import cn.unioncard.agent.store.UploadState;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.bank.model.CategoryTotal;
import cn.unioncard.bank.model.DayCloseRequest;
import cn.unioncard.bank.model.FundingTotal;
import cn.unioncard.protocol.Money;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ucard status}: what a terminal holds and how it runs, read from its store (and the agent's status file
 * beside it), so it works whether the agent runs or not.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a terminal's state from its store, whether the agent runs or not.",
      "It shows the agent (running or not), its readers and register link, the records pending, refused, "
          + "quarantined and escalated, the last upload, the open business days and their totals, and the reference "
          + "data in force."
    })
final class StatusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "The agent's configuration file.")
  Path config;

  @Option(names = "--json", description = "One JSON object instead of lines for a person.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    AgentConfig c = RunCommand.load(config);
    Path storeFile = c.store().path();
    ObjectNode status = JSON.createObjectNode();
    status.put("terminal_id", c.terminal().id());
    status.put("kind", c.terminal().kind().key());
    status.put("store", storeFile.toString());
    if (!Files.isRegularFile(storeFile)) {
      String none = "no store at " + storeFile + " yet: the agent has not run with this configuration";
      if (!json) {
        throw new UserError(none, Ucard.FAILED);
      }
      status.put("state", "no store");
      status.put("note", none);
      spec.commandLine().getOut().println(JSON.writeValueAsString(status));
      spec.commandLine().getOut().flush();
      return Ucard.FAILED;
    }
    status.set("agent", agent(storeFile));
    try (TransactionStore store = TransactionStore.open(storeFile, c.terminal().id(), Clock.systemUTC())) {
      status.set("records", records(store));
      status.set("reversals", reversals(store, Instant.now()));
      status.set("unknown_outcome", unknownOutcome(store, Instant.now()));
      status.set("business_days", days(store));
    } catch (StoreException e) {
      throw new UserError("cannot read the store " + storeFile + ": " + e.getMessage(), Ucard.FAILED);
    }
    IsoSeconds.truncate(status);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JSON.writeValueAsString(status));
    } else {
      human(out, status);
    }
    out.flush();
    return Ucard.OK;
  }

  /** The agent's status file, with whether its process still runs. */
  private static JsonNode agent(Path storeFile) {
    Path file = storeFile.resolveSibling(storeFile.getFileName() + ".agent.json");
    ObjectNode a;
    try {
      a = (ObjectNode) JSON.readTree(file.toFile());
    } catch (IOException | ClassCastException e) {
      a = JSON.createObjectNode();
      a.put("state", "unknown");
      a.put("note", "no status file " + file + " (the agent never ran here, or an older version did)");
      return a;
    }
    if ("running".equals(a.path("state").asText()) || "starting".equals(a.path("state").asText())) {
      long pid = a.path("pid").asLong(-1);
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!alive) {
        a.put("state", "not running");
        a.put("note", "the agent (pid " + pid + ") ended without stopping cleanly; it recovers at its next start");
      }
    }
    return a;
  }

  private static JsonNode records(TransactionStore store) throws StoreException {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode counts = r.putObject("counts");
    for (Map.Entry<UploadState, Long> e : store.uploads().uploadCounts().entrySet()) {
      counts.put(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
    }
    list(r.putArray("refused"), store.uploads().refused());
    list(r.putArray("quarantined"), store.uploads().quarantined());
    list(r.putArray("escalated"), store.uploads().escalated());
    Instant last = store.uploads().lastUploadAt();
    if (last != null) {
      r.put("last_upload", last.toString());
    }
    return r;
  }

  /** The authorisations that wait for the bank to confirm their reversal: how many, and the oldest's age. */
  private static JsonNode reversals(TransactionStore store, Instant now) throws StoreException {
    ReversalDriver.Waiting w = ReversalDriver.waiting(store);
    ObjectNode r = JSON.createObjectNode();
    r.put("waiting", w.count());
    if (w.oldestSince() != null) {
      r.put("oldest_since", w.oldestSince().toString());
      r.put("oldest_age_seconds", Math.max(0, java.time.Duration.between(w.oldestSince(), now).getSeconds()));
    }
    return r;
  }

  /** The offline sales whose card may have paid and has not been seen since (docs/checkout.md). */
  private static JsonNode unknownOutcome(TransactionStore store, Instant now) throws StoreException {
    OfflineIntentRecovery.Unknown u = OfflineIntentRecovery.unknown(store);
    ObjectNode r = JSON.createObjectNode();
    r.put("sales", u.count());
    r.put("with_the_bank", u.withTheBank());
    if (u.oldestSince() != null) {
      r.put("oldest_since", u.oldestSince().toString());
      r.put("oldest_age_seconds", Math.max(0, java.time.Duration.between(u.oldestSince(), now).getSeconds()));
    }
    return r;
  }

  private static void list(ArrayNode into, List<TxRecord> records) {
    for (TxRecord t : records) {
      ObjectNode o = into.addObject();
      o.put("transaction_id", t.id());
      o.put("type", t.type().name().toLowerCase(Locale.ROOT));
      o.put("amount_fen", t.amountFen());
      o.put("attempts", t.uploadAttempts());
      o.put("reason", t.uploadReason());
    }
  }

  private static JsonNode days(TransactionStore store) throws StoreException {
    ArrayNode days = JSON.createArrayNode();
    for (LocalDate d : store.businessDays().openDates()) {
      ObjectNode day = days.addObject();
      day.put("date", d.toString());
      day.put("state", store.businessDays().get(d).map(b -> b.state().name().toLowerCase(Locale.ROOT)).orElse("open"));
      store.businessDays().get(d).ifPresent(b -> {
        if (b.detail() != null) {
          day.put("detail", b.detail());
        }
      });
      DayCloseRequest totals = DayClose.totals(store, d);
      ObjectNode t = day.putObject("totals");
      for (CategoryTotal c : totals.totals()) {
        if (c.count() > 0) {
          ObjectNode o = t.putObject(c.category().name().toLowerCase(Locale.ROOT));
          o.put("count", c.count());
          o.put("amount_fen", c.amountFen());
        }
      }
      ObjectNode f = day.putObject("funding");
      for (FundingTotal s : totals.funding()) {
        if (s.amountFen() > 0) {
          f.put(s.source().name().toLowerCase(Locale.ROOT), s.amountFen());
        }
      }
    }
    return days;
  }

  private static void human(PrintWriter out, JsonNode s) {
    JsonNode a = s.path("agent");
    out.println("terminal " + s.path("terminal_id").asText() + " (" + s.path("kind").asText().replace('_', ' ')
        + "), store " + s.path("store").asText());
    StringBuilder agent = new StringBuilder("agent: " + a.path("state").asText());
    if (a.has("pid")) {
      agent.append(" (pid ").append(a.path("pid").asText()).append(", started ").append(a.path("started_at").asText())
          .append(", last change ").append(a.path("updated_at").asText()).append(")");
    }
    if (a.has("note")) {
      agent.append(": ").append(a.path("note").asText());
    }
    out.println(agent);
    for (Iterator<Map.Entry<String, JsonNode>> it = a.path("readers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      out.println("reader " + r.getKey() + ": \"" + r.getValue().path("name").asText() + "\", "
          + r.getValue().path("last_event").asText().replace('_', ' ') + " at " + r.getValue().path("at").asText());
    }
    if (a.has("register")) {
      out.println("register: " + a.path("register").asText());
    }
    if (a.has("gate")) {
      out.println("gate: " + a.path("gate").asText());
    }
    JsonNode bank = a.path("bank");
    if (bank.has("signed_on_at")) {
      out.println("bank: signed on at " + bank.path("signed_on_at").asText() + ", business day "
          + bank.path("business_date").asText());
    }
    if (bank.has("last_error")) {
      out.println("bank: last error at " + bank.path("last_error_at").asText() + ": " + bank.path("last_error").asText());
    }
    JsonNode ref = a.path("reference");
    if (ref.has("last_sync_result")) {
      out.println("reference data: last sync " + (ref.has("last_sync_at") ? ref.path("last_sync_at").asText() : "never")
          + ": " + ref.path("last_sync_result").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = ref.path("kinds").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> k = it.next();
        JsonNode v = k.getValue();
        out.println("  " + k.getKey() + ": " + (v.has("version") ? "v" + v.path("version").asText() + " ("
            + v.path("source").asText() + ", issued " + v.path("issued_at").asText() + ")" : "no signed version")
            + "; last: " + v.path("last_result").asText());
      }
    }
    JsonNode lim = a.path("offline_limits");
    if (lim.has("source")) {
      out.println("offline limits (" + lim.path("source").asText() + "): sale offline up to "
          + Money.yuan(lim.path("max_offline_sale_fen").asLong()) + ", pending at most "
          + lim.path("max_pending_count").asLong() + " records / " + Money.yuan(lim.path("max_pending_fen").asLong())
          + " yuan / " + lim.path("max_oldest_pending_hours").asLong() + " h; transit at most "
          + lim.path("transit_max_pending_count").asLong() + " trips / "
          + lim.path("transit_max_oldest_pending_hours").asLong() + " h (0: no limit)");
    }
    JsonNode r = s.path("records");
    JsonNode c = r.path("counts");
    out.println("records: pending " + c.path("pending").asLong() + ", accepted " + c.path("accepted").asLong()
        + ", duplicate " + c.path("duplicate").asLong() + ", refused " + c.path("rejected").asLong()
        + ", quarantined " + c.path("quarantined").asLong() + ", escalated " + r.path("escalated").size()
        + (r.has("last_upload") ? "; last upload " + r.path("last_upload").asText() : "; nothing uploaded yet"));
    for (String list : new String[] {"refused", "quarantined", "escalated"}) {
      for (JsonNode t : r.path(list)) {
        out.println("  " + list + ": " + t.path("transaction_id").asText() + " " + t.path("type").asText() + " "
            + Money.yuan(t.path("amount_fen").asLong()) + " after " + t.path("attempts").asInt() + " attempt(s): "
            + t.path("reason").asText());
      }
    }
    JsonNode rev = s.path("reversals");
    out.println(rev.path("waiting").asLong() == 0 ? "reversals: none waiting"
        : "reversals: " + rev.path("waiting").asLong() + " waiting for the bank, the oldest since "
            + rev.path("oldest_since").asText() + " (" + rev.path("oldest_age_seconds").asLong() + " s)");
    JsonNode unk = s.path("unknown_outcome");
    if (unk.path("sales").asLong() > 0) {
      out.println("offline sales of unknown outcome (the card may have paid): " + unk.path("sales").asLong()
          + ", " + unk.path("with_the_bank").asLong() + " of them with the bank as ecash_unknown, the oldest since "
          + unk.path("oldest_since").asText() + "; the card presented again resolves each");
    }
    if (s.path("business_days").size() == 0) {
      out.println("business days: none open");
    }
    for (JsonNode d : s.path("business_days")) {
      StringBuilder line = new StringBuilder("business day " + d.path("date").asText() + ": "
          + d.path("state").asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = d.path("totals").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> t = it.next();
        line.append("; ").append(t.getKey()).append(" ").append(t.getValue().path("count").asLong()).append(" = ")
            .append(Money.yuan(t.getValue().path("amount_fen").asLong()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = d.path("funding").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        line.append("; ").append(f.getKey().replace('_', ' ')).append(" ").append(Money.yuan(f.getValue().asLong()));
      }
      out.println(line);
    }
  }
}
