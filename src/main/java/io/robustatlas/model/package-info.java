/**
 * The model: the study's LeNet-5 as a DL4J configuration, the model files (one deterministic
 * {@code ModelSerializer} zip per model id) and the models table that the train stage writes.
 */
package io.robustatlas.model;
