package cn.unioncard.sim.bank;

import cn.unioncard.bank.BankException;
import cn.unioncard.bank.model.BankJson;
import java.util.Locale;
import java.util.Map;

/** One request of the bank API as the HTTP layer hands it over; header names in lower case. */
record ApiRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  String pathAndQuery() {
    return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
  }

  /** The body as the API's record {@code type}; {@code 400 malformed} naming what is wrong when it is not one. */
  <T> T json(Class<T> type, String what) throws ApiException {
    try {
      return BankJson.read(body, type, BankException.Kind.MALFORMED_REQUEST, what);
    } catch (BankException e) {
      throw ApiException.malformed(e.getMessage());
    }
  }
}
