package cn.unioncard.sim.http;

/**
 * Turns Nagle's algorithm off on the JDK HTTP server's connections ({@code sun.net.httpserver.nodelay}), unless the
 * JVM was given the property. The server writes an answer's head and body in separate writes; with Nagle on, the
 * body waits for the ACK of the head, which the client delays by about 40 ms: about 46 ms a call on loopback: 93 ms
 * for a checkout's two bank calls (issue 23), against about 6 ms with it off. The JDK reads the property once, when
 * its first HTTP server is made, so every server of the simulator calls {@link #ensure} before it makes one.
 */
public final class NoDelay {
  static final String PROPERTY = "sun.net.httpserver.nodelay";

  private NoDelay() {}

  /** Sets the property for this JVM's HTTP servers, unless it is set already. */
  public static void ensure() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "true");
    }
  }
}
