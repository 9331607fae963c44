/**
 * The run manifest: provenance of an output folder (config, its hash, code and library versions,
 * data fingerprints) and per-stage status, the guard that refuses to mix configs in one folder,
 * and how every stage begins ({@link io.robustatlas.run.StageStart}: its data read, its manifest
 * opened with their fingerprints).
 */
package io.robustatlas.run;
