package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.Discount;
import cn.unioncard.bank.model.RecordResult;
import cn.unioncard.bank.model.RecordStatus;
import cn.unioncard.bank.model.RecordType;
import cn.unioncard.bank.model.TransactionRecord;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Settles one record of a batch: duplicate (same id, same content hash), rejected with {@code conflict} (same id,
 * other content), {@code unknown_card} or {@code bad_card_data} (the encrypted PAN does not open or is not the
 * hashed one), or accepted: stored, and the money moved as its type says.
 */
final class RecordSettlement {
  private final Clock clock;
  private final CardData cardData;

  RecordSettlement(Clock clock, CardData cardData) {
    this.clock = clock;
    this.cardData = cardData;
  }

  RecordResult settle(LedgerTables db, Terminal t, List<IssuedKeys> keys, String batchId, TransactionRecord r,
      String hash, byte[] content, String now) throws SQLException {
    String id = r.transactionId();
    RecordTable.Held held = db.records().find(id);
    if (held != null) {
      if (held.contentSha256().equals(hash)) {
        return new RecordResult(id, RecordStatus.DUPLICATE, null);
      }
      // an e-cash sale of unknown outcome, resolved by the terminal: the card showed the debit
      boolean resolves = held.type().equals("ecash_unknown") && r.type() == RecordType.SALE
          && r.panHash() != null && r.panHash().equalsIgnoreCase(held.panHash()) && r.amountFen() == held.amountFen()
          && r.funding().ecashFen() == r.amountFen();
      if (!resolves) {
        return new RecordResult(id, RecordStatus.REJECTED, "conflict");
      }
      db.records().delete(id);
    }
    String panHash;
    if (r.panHash() == null) {
      // a trip: the ledger keys it by the transit card's serial (the purse is on the card, no account moves)
      panHash = "SERIAL:" + r.trip().cardSerial().toUpperCase(Locale.ROOT);
    } else {
      panHash = r.panHash().toUpperCase(Locale.ROOT);
      if (db.cards().find(panHash) == null) {
        return new RecordResult(id, RecordStatus.REJECTED, "unknown_card");
      }
      CardData.Opened opened = cardData.open(keys, r.panEncrypted(), id);
      if (opened == null || !cardData.panHash(opened.pan().digits()).equals(panHash)) {
        return new RecordResult(id, RecordStatus.REJECTED, "bad_card_data");
      }
    }
    long merchantFen = 0;
    long bankFen = 0;
    for (Discount d : r.discounts()) {
      merchantFen += d.merchantFen();
      bankFen += d.bankFen();
    }
    String type = r.type().name().toLowerCase(Locale.ROOT);
    db.records().insert(t.id(), batchId, r, new RecordTable.Sums(type, panHash, merchantFen, bankFen), hash,
        content, now);
    moveMoney(db, t, r, type, panHash);
    return new RecordResult(id, RecordStatus.ACCEPTED, null);
  }

  private void moveMoney(LedgerTables db, Terminal t, TransactionRecord r, String type, String panHash)
      throws SQLException {
    long benefit = r.funding().benefitFen();
    long debit = r.funding().debitFen();
    AccountTable accounts = db.accounts();
    switch (type) {
      case "sale": {
        Ledger.Authorisation a = db.authorisations().find(t.id(), r.transactionId());
        if (a != null && a.status().equals("authorised")) {
          accounts.hold(panHash, "benefit", -a.benefitFen());
          accounts.hold(panHash, "debit", -a.debitFen());
          db.authorisations().setStatus(r.transactionId(), "settled", clock.instant().toString());
        }
        accounts.move(panHash, "benefit", -benefit);
        accounts.move(panHash, "debit", -debit);
        break;
      }
      case "refund":
        accounts.move(panHash, "benefit", benefit);
        accounts.move(panHash, "debit", debit);
        break;
      case "reversal":
      case "void": {
        Ledger.Authorisation a = db.authorisations().find(t.id(), r.originalTransactionId());
        if (a != null && a.status().equals("authorised")) {
          accounts.hold(panHash, "benefit", -a.benefitFen());
          accounts.hold(panHash, "debit", -a.debitFen());
          db.authorisations().setStatus(a.transactionId(), "reversed", clock.instant().toString());
        } else {
          accounts.move(panHash, "benefit", benefit);
          accounts.move(panHash, "debit", debit);
        }
        break;
      }
      default: // trip: the purse is on the card; ecash_unknown: nothing moves until the card's clearing proves it
        break;
    }
  }
}
