package cn.unioncard.sim.bank;

/** An error answer of the bank API: a status, the {@code error} code and a message for a person (docs/bank-api.md, Errors). */
final class ApiException extends Exception {
  private final int status;
  private final String code;

  ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiException malformed(String message) {
    return new ApiException(400, "malformed", message);
  }

  static ApiException unauthorised(String message) {
    return new ApiException(401, "unauthorised", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "idempotency_conflict", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
