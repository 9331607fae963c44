package io.robustatlas.config;

import io.robustatlas.AtlasException;

/** A configuration error: one line naming the key, the value, the rule and where it was set. */
public final class ConfigException extends AtlasException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
