package cn.unioncard.sim.bank;

import cn.unioncard.bank.model.BankJson;
import cn.unioncard.bank.model.ErrorBody;

/** An answer of the bank API: status and body bytes. */
record ApiAnswer(int status, byte[] body) {
  /** {@code 200} with the API record {@code body} in JSON. */
  static ApiAnswer ok(Object body) {
    return new ApiAnswer(200, BankJson.write(body));
  }

  /** An error answer: {@code {"error", "message"}} and the {@code reason} when not null. */
  static ApiAnswer error(int status, String code, String message, String reason) {
    return new ApiAnswer(status, BankJson.write(new ErrorBody(code, message, reason)));
  }
}
