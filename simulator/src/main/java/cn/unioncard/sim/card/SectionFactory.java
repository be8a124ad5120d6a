package cn.unioncard.sim.card;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Makes a {@link CardSection} from its JSON section of a card profile. Registered by section name in
 * {@link CardSections#registered()}; a section without a factory is kept as raw JSON and written back unchanged.
 */
@FunctionalInterface
public interface SectionFactory {
  /**
   * @param section the section's JSON (an object)
   * @param path the section's path in the document ({@code "transit"}), for error messages
   * @throws ProfileException naming the field path ({@link JsonFields} helps) when the section is malformed
   */
  CardSection create(JsonNode section, String path) throws ProfileException;
}
