package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.ReferenceKind;
import java.time.Clock;

/** Publishes reference documents (the control API's side): each kind's next version, and the hotlist's deltas. */
final class ReferencePublisher {
  private final Ledger ledger;
  private final Clock clock;

  ReferencePublisher(Ledger ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Publishes the default terminal parameters (the agent's code defaults, signed) as v1 when the ledger has none,
   * so a terminal meets the bank's signed limits from its first sync.
   */
  void publishDefaultParameters() {
    boolean none = ledger.query(db -> db.references().count(ReferenceKind.TERMINAL_PARAMETERS.wireName()) == 0);
    if (none) {
      publish(ReferenceKind.TERMINAL_PARAMETERS.wireName(), DefaultTerminalParameters.document(), null);
    }
  }

  /** Publishes a full document as the kind's next version (with the hotlist's delta from the last); its version. */
  long publish(String kindName, byte[] content, byte[] delta) {
    ReferenceKind kind = ReferenceHandler.kindOf(kindName);
    if (kind == null) {
      throw new IllegalArgumentException("no reference data of kind " + kindName);
    }
    if (delta != null && kind != ReferenceKind.HOTLIST) {
      throw new IllegalArgumentException("only the hotlist has deltas");
    }
    String now = clock.instant().toString();
    return ledger.query(db -> {
      long version = db.references().nextVersion(kind.wireName());
      db.references().insert(kind.wireName(), new ReferenceTable.Document(version, null, now, content));
      if (delta != null && version > 1) {
        db.references().insert(kind.wireName(), new ReferenceTable.Document(version, version - 1, now, delta));
      }
      return version;
    });
  }
}
