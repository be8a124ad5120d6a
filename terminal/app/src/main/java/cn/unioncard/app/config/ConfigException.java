package cn.unioncard.app.config;

/**
 * A configuration file that cannot be used: the key (as a dotted path, {@code bank.url}) and what is wrong with it.
 * Its message is the one line a person sees.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String problem) {
    super(key == null || key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
  }

  /** The dotted path of the key at fault, or empty when the whole file is (not YAML, not found). */
  public String key() {
    return key == null ? "" : key;
  }
}
