package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * {@code POST /v1/members/lookup} answer. The field {@code member} is required; its value is null when the
 * card is not a member's.
 */
public record MemberLookupResponse(
    @JsonProperty(required = true) @JsonInclude(JsonInclude.Include.ALWAYS) Member member) {
  /** The member, or empty when the card is not a member's. */
  public Optional<Member> found() {
    return Optional.ofNullable(member);
  }
}
