package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/** A union member as the bank knows them. */
public record Member(
    @JsonProperty(required = true) String memberId,
    @JsonProperty(required = true) String union,
    @JsonProperty(required = true) MemberCategory category,
    @JsonProperty(required = true) LocalDate validUntil) {
  public Member {
    Checks.text(memberId, "member_id");
    Checks.text(union, "union");
    Checks.present(category, "category");
    Checks.present(validUntil, "valid_until");
  }
}
