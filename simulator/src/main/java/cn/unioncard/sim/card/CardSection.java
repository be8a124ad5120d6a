package cn.unioncard.sim.card;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A section of the card document that a plug-in owns (the {@code transit} section): the applications it puts on
 * the card, and its state written back as JSON after every command that changed it.
 */
public interface CardSection {
  /** The applications this section puts on the card, with their directory listing. */
  List<ListedApplication> applications();

  /** The section's current state, in the same shape its {@link SectionFactory} reads. */
  JsonNode toJson();
}
