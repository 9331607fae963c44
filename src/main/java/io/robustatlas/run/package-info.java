/**
 * The run manifest: provenance of an output folder (config, its hash, code and library versions,
 * data fingerprints) and per-stage status, and the guard that refuses to mix configs in one folder.
 */
package io.robustatlas.run;
