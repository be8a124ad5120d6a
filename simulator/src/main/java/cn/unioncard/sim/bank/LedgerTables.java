package cn.unioncard.sim.bank;

import java.sql.Connection;

/** The ledger's tables inside one transaction (given by {@link Ledger#transaction}): all on its connection. */
final class LedgerTables {
  private final TerminalTable terminals;
  private final WorkingKeyTable workingKeys;
  private final SeenRequestTable seenRequests;
  private final IdempotencyTable idempotency;
  private final CardTable cards;
  private final AccountTable accounts;
  private final MerchantTable merchants;
  private final AuthorisationTable authorisations;
  private final RecordTable records;
  private final BusinessDayTable businessDays;
  private final ReferenceTable references;

  LedgerTables(Connection c) {
    terminals = new TerminalTable(c);
    workingKeys = new WorkingKeyTable(c);
    seenRequests = new SeenRequestTable(c);
    idempotency = new IdempotencyTable(c);
    cards = new CardTable(c);
    accounts = new AccountTable(c);
    merchants = new MerchantTable(c);
    authorisations = new AuthorisationTable(c);
    records = new RecordTable(c);
    businessDays = new BusinessDayTable(c);
    references = new ReferenceTable(c);
  }

  TerminalTable terminals() {
    return terminals;
  }

  WorkingKeyTable workingKeys() {
    return workingKeys;
  }

  SeenRequestTable seenRequests() {
    return seenRequests;
  }

  IdempotencyTable idempotency() {
    return idempotency;
  }

  CardTable cards() {
    return cards;
  }

  AccountTable accounts() {
    return accounts;
  }

  MerchantTable merchants() {
    return merchants;
  }

  AuthorisationTable authorisations() {
    return authorisations;
  }

  RecordTable records() {
    return records;
  }

  BusinessDayTable businessDays() {
    return businessDays;
  }

  ReferenceTable references() {
    return references;
  }
}
