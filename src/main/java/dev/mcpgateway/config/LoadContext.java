package dev.mcpgateway.config;

import java.nio.file.Path;

/**
 * What every section reader of one load shares.
 *
 * @param baseDir relative {@code cwd} paths are resolved against this (the config file's directory)
 */
record LoadContext(Diagnostics diagnostics, VariableExpander expander, Path baseDir) {}
