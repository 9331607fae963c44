/**
 * The compute engine behind one small interface (train a spec; predict a batch), so the hot paths
 * can move from DL4J to a faster engine without touching the stages. {@link
 * io.robustatlas.engine.Dl4jEngine} is the reference.
 */
package io.robustatlas.engine;
