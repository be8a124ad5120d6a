package cn.unioncard.sim.card;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plug-in sections of a card document, by name. The transit section ({@code "transit"}) is always allowed in
 * a profile; its factory is {@link cn.unioncard.sim.card.transit.TransitSection}.
 */
public final class CardSections {
  /** The transit application and its state (JT/T 978), written by the transit plug-in. */
  public static final String TRANSIT = "transit";

  private CardSections() {}

  /** The factories {@link CardFile} uses by default. Wire a plug-in section by adding it here. */
  public static Map<String, SectionFactory> registered() {
    Map<String, SectionFactory> m = new LinkedHashMap<>();
    m.put(TRANSIT, cn.unioncard.sim.card.transit.TransitSection::create);
    return Collections.unmodifiableMap(m);
  }
}
