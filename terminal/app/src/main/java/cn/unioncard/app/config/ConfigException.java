package cn.unioncard.app.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A configuration file that cannot be used: the key (as a dotted path, {@code bank.url}) and what is wrong with it.
 * Its message is the one line a person sees. One exception may carry every problem of a file ({@link #problems()});
 * its own message is then the first one's.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final List<ConfigException> problems;
  /** The configuration as far as it could be read, for the checks of what the file names; null if none. */
  private transient AgentConfig partial;

  public ConfigException(String key, String problem) {
    super(key == null || key.isEmpty() ? problem : key + ": " + problem);
    this.key = key;
    this.problems = Collections.singletonList(this);
  }

  private ConfigException(List<ConfigException> all) {
    super(all.get(0).getMessage());
    this.key = all.get(0).key;
    this.problems = Collections.unmodifiableList(new ArrayList<>(all));
  }

  /** One exception for every problem in {@code all} (not empty), in the order found. */
  public static ConfigException of(List<ConfigException> all) {
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no problem");
    }
    List<ConfigException> flat = new ArrayList<>();
    for (ConfigException e : all) {
      flat.addAll(e.problems());
    }
    return flat.size() == 1 ? flat.get(0) : new ConfigException(flat);
  }

  /** The dotted path of the key at fault, or empty when the whole file is (not YAML, not found). */
  public String key() {
    return key == null ? "" : key;
  }

  /**
   * The configuration read despite the problems (a wrong key holds its default or null), so the files and ports the
   * rest names can be checked in the same run; null when the file could not be read at all.
   */
  public AgentConfig partial() {
    return partial;
  }

  ConfigException withPartial(AgentConfig config) {
    this.partial = config;
    return this;
  }

  /** Every problem this exception stands for, each with its key and its one-line message. */
  public List<ConfigException> problems() {
    return problems;
  }
}
