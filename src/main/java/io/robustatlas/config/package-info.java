/**
 * Configuration: one HOCON file plus {@code --set KEY=VALUE} overrides, validated in full before
 * any Spark work and turned once into typed records ({@link io.robustatlas.config.AtlasConfig}).
 * Every key is a constant next to its default in the section record that owns it.
 */
package io.robustatlas.config;
