package cn.unioncard.sim.bank;

import java.sql.SQLException;

/**
 * A money-moving resource, run by {@link Idempotency}: it parses its request (and checks the key it must carry)
 * before anything is looked up, then does its work in the ledger transaction that also stores its answer.
 */
interface MoneyHandler<T> {
  T parse(Call call) throws ApiException;

  ApiAnswer apply(LedgerTables db, Call call, T request) throws SQLException, ApiException;

  /** Whether this {@code 200} answer is kept under the idempotency key. */
  default boolean keep(ApiAnswer answer) {
    return true;
  }
}
