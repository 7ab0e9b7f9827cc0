package dev.mcpgateway.failsafe;

import dev.mcpgateway.backend.Backend;

/** Finds the {@link BackendGuard} of a backend (created on first use if it was not registered). */
@FunctionalInterface
interface GuardLookup {
    BackendGuard guardFor(Backend backend);
}
