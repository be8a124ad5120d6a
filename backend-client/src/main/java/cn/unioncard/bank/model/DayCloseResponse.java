package cn.unioncard.bank.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.List;

/** {@code POST /v1/business-days/{business_date}/close} answer; {@code differences} required when not matched. */
public record DayCloseResponse(
    @JsonProperty(required = true) DayCloseResult result, List<Difference> differences) {
  public DayCloseResponse {
    Checks.present(result, "result");
    if (result == DayCloseResult.DIFFERENCES) {
      differences = Checks.list(differences, "differences");
      if (differences.isEmpty()) {
        throw new IllegalArgumentException("differences: at least one when the result is differences");
      }
    } else {
      differences = differences == null ? Collections.emptyList() : Checks.list(differences, "differences");
    }
  }
}
