package dev.mcpgateway.config;

/** STUB. */
public enum SessionMode { SHARED, PER_CLIENT }
