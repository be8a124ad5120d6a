package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/** {@code POST /v1/sign-on} request. */
public record SignOnRequest(@JsonProperty(required = true) String terminalId) {
  private static final Pattern TERMINAL_ID = Pattern.compile("[A-Z0-9]{8,16}");

  public SignOnRequest {
    requireTerminalId(terminalId, "terminal_id");
  }

  /** Checks a terminal id: 8 to 16 characters {@code [A-Z0-9]}. */
  public static String requireTerminalId(String terminalId, String field) {
    Checks.text(terminalId, field);
    if (!TERMINAL_ID.matcher(terminalId).matches()) {
      throw new IllegalArgumentException(field + ": a terminal id is 8 to 16 characters [A-Z0-9]");
    }
    return terminalId;
  }
}
