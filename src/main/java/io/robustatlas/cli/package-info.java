/**
 * The command line only: parse arguments, load and validate the config, build a stage job, run it,
 * print its summary and map failures to exit codes (0 ok, 1 partial failure, 2 bad input).
 */
package io.robustatlas.cli;
