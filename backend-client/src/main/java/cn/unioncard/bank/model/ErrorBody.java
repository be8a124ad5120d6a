package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of every non-2xx answer: a machine code ({@code malformed}, {@code unauthorised}, ...), a message for
 * a person, and for {@code 422 rejected} the machine {@code reason}.
 */
public record ErrorBody(
    @JsonProperty(required = true) String error, @JsonProperty(required = true) String message, String reason) {
  public ErrorBody {
    Checks.text(error, "error");
    Checks.present(message, "message");
  }
}
