package cn.unioncard.sim.card.transit;

import cn.unioncard.sim.card.CardApplication;
import cn.unioncard.sim.card.CardSection;
import cn.unioncard.sim.card.ListedApplication;
import cn.unioncard.sim.card.ProfileException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The {@code transit} section of a card profile: the transit purse and its electronic-cash twin over one
 * {@link TransitState}, listed in the PPSE as real interconnected-transit cards list them (card-captures.md V8:
 * {@code MOT_T_CASH} priority 1, {@code MOT_T_EP} priority 2). The card saves the document after every command
 * that changed the state.
 */
public final class TransitSection implements CardSection {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TransitState state;
  private final List<ListedApplication> applications;

  private TransitSection(TransitState state) {
    this.state = state;
    List<CardApplication> apps = TransitApplications.of(state, () -> { });
    this.applications = Collections.unmodifiableList(Arrays.asList(
        ListedApplication.contactless(apps.get(0), "MOT_T_EP", 2),
        ListedApplication.contactless(apps.get(1), "MOT_T_CASH", 1)));
  }

  /** The section's factory, registered under {@code transit}. */
  public static CardSection create(JsonNode section, String path) throws ProfileException {
    try {
      return new TransitSection(TransitState.fromJson(section.toString()));
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      int colon = m.indexOf(": ");
      String field = colon > 0 ? m.substring(0, colon) : path;
      if (!field.startsWith(path)) {
        field = path + "." + field;
      }
      throw new ProfileException(field, colon > 0 ? m.substring(colon + 2) : m);
    }
  }

  /** The state the applications run on (tests and the control API read it). */
  public TransitState state() {
    return state;
  }

  @Override
  public List<ListedApplication> applications() {
    return applications;
  }

  @Override
  public JsonNode toJson() {
    try {
      return JSON.readTree(state.toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the transit state does not serialise: " + e.getOriginalMessage(), e);
    }
  }
}
