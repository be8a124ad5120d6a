package cn.unioncard.app.daemon;

import cn.unioncard.agent.gate.TapResult;
import cn.unioncard.agent.refdata.ReferenceSync;
import cn.unioncard.agent.refdata.TerminalParameters;
import cn.unioncard.app.config.AgentConfig;
import cn.unioncard.bank.SignOn;
import cn.unioncard.pcsc.ReaderEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the running agent knows and the store does not (its readers, its register link, the bank's sign-on), in a
 * small JSON file beside the store ({@code STORE.agent.json}), replaced atomically at each change, so {@code ucard
 * status} can show it whether the agent runs or not.
 */
final class AgentStatus {
  private static final Logger LOG = LoggerFactory.getLogger(AgentStatus.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final ObjectNode root = JSON.createObjectNode();

  AgentStatus(AgentConfig config, Clock clock) {
    this.file = fileFor(config.store().path());
    this.clock = clock;
    root.put("terminal_id", config.terminal().id());
    root.put("kind", config.terminal().kind().key());
    root.put("pid", ProcessHandle.current().pid());
    root.put("started_at", clock.instant().toString());
    root.put("state", "starting");
    root.putObject("readers");
  }

  /** The agent's status file for the store at {@code store}. */
  static Path fileFor(Path store) {
    return store.resolveSibling(store.getFileName() + ".agent.json");
  }

  synchronized void running() {
    root.put("state", "running");
    write();
  }

  synchronized void stopped() {
    root.put("state", "stopped");
    root.put("stopped_at", clock.instant().toString());
    write();
  }

  synchronized void reader(ReaderEvent event) {
    ObjectNode r = ((ObjectNode) root.get("readers")).putObject(event.role().name().toLowerCase(Locale.ROOT));
    r.put("name", event.readerName());
    r.put("last_event", event.type().name().toLowerCase(Locale.ROOT));
    r.put("at", event.time().toString());
    write();
  }

  synchronized void register(String link) {
    root.put("register", link);
    write();
  }

  synchronized void signedOn(SignOn signOn) {
    ObjectNode b = root.putObject("bank");
    b.put("signed_on_at", clock.instant().toString());
    b.put("business_date", signOn.businessDate().toString());
    write();
  }

  /** The reversals that wait for the bank's confirmation: how many, and since when the oldest waits. */
  synchronized void reversals(cn.unioncard.agent.checkout.ReversalDriver.Waiting w) {
    ObjectNode r = root.putObject("reversals");
    r.put("waiting", w.count());
    if (w.oldestSince() != null) {
      r.put("oldest_since", w.oldestSince().toString());
      r.put("oldest_age_seconds", Math.max(0, java.time.Duration.between(w.oldestSince(), clock.instant()).getSeconds()));
    }
    r.put("at", clock.instant().toString());
    write();
  }

  synchronized void bankError(String message) {
    ObjectNode b = root.has("bank") ? (ObjectNode) root.get("bank") : root.putObject("bank");
    b.put("last_error", message);
    b.put("last_error_at", clock.instant().toString());
    write();
  }

  /** The reference data in force per kind, the last round, and the offline limits in force with their source. */
  synchronized void reference(java.util.Map<cn.unioncard.bank.model.ReferenceKind, ReferenceSync.KindStatus> kinds,
      Instant lastRoundAt, String lastRoundResult, TerminalParameters limits, String limitsSource) {
    ObjectNode r = root.putObject("reference");
    if (lastRoundAt != null) {
      r.put("last_sync_at", lastRoundAt.toString());
    }
    r.put("last_sync_result", lastRoundResult);
    ObjectNode k = r.putObject("kinds");
    for (java.util.Map.Entry<cn.unioncard.bank.model.ReferenceKind, ReferenceSync.KindStatus> e : kinds.entrySet()) {
      ObjectNode o = k.putObject(e.getKey().wireName());
      ReferenceSync.KindStatus s = e.getValue();
      if (s.version() != null) {
        o.put("version", s.version());
        o.put("issued_at", s.issuedAt().toString());
      }
      o.put("source", s.source());
      if (s.lastAt() != null) {
        o.put("last_at", s.lastAt().toString());
      }
      o.put("last_result", s.lastResult());
    }
    ObjectNode l = root.putObject("offline_limits");
    l.put("source", limitsSource);
    l.put("max_offline_sale_fen", limits.checkout().maxOfflineSaleFen());
    l.put("max_offline_benefit_fen", limits.checkout().maxOfflineBenefitFen());
    l.put("max_pending_count", limits.checkout().maxPendingCount());
    l.put("max_pending_fen", limits.checkout().maxPendingFen());
    l.put("max_pending_benefit_fen", limits.checkout().maxPendingBenefitFen());
    l.put("max_pending_debit_fen", limits.checkout().maxPendingDebitFen());
    l.put("max_pending_ecash_fen", limits.checkout().maxPendingEcashFen());
    l.put("max_oldest_pending_hours", limits.checkout().maxOldestPending().toHours());
    l.put("transit_max_pending_count", limits.transit().maxPendingCount());
    l.put("transit_max_oldest_pending_hours", limits.transit().maxOldestPending().toHours());
    write();
  }

  synchronized void gate(String state) {
    root.put("gate", state);
    write();
  }

  synchronized void tap(TapResult tap) {
    ObjectNode t = root.putObject("last_tap");
    t.put("at", clock.instant().toString());
    t.put("outcome", tap.outcome().name().toLowerCase(Locale.ROOT));
    if (tap.reason() != null) {
      t.put("reason", tap.reason());
    }
    root.put("gate", tap.outcome() == TapResult.Outcome.OUT_OF_SERVICE ? "out of service: " + tap.message() : "in service");
    write();
  }

  private void write() {
    root.put("updated_at", Instant.now(clock).toString());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.debug("cannot write the status file {}: {}", file, e.getMessage());
    }
  }
}
