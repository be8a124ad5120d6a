package cn.unioncard.sim.card;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plug-in sections of a card document, by name. The transit section ({@code "transit"}) is always allowed in
 * a profile; until a factory is registered here it is kept as raw JSON and written back unchanged.
 */
public final class CardSections {
  /** The transit application and its state (JT/T 978), written by the transit plug-in. */
  public static final String TRANSIT = "transit";

  private CardSections() {}

  /** The factories {@link CardFile} uses by default. Wire a plug-in section by adding it here. */
  public static Map<String, SectionFactory> registered() {
    Map<String, SectionFactory> m = new LinkedHashMap<>();
    // m.put(TRANSIT, ...): the transit plug-in's factory (see docs/card-profile.md, "Plug-in sections").
    return Collections.unmodifiableMap(m);
  }
}
