package dev.mcpgateway.config;

import java.util.Map;
import java.util.Set;

/**
 * Keys of the Rust mcp-gateway (MikkoParkkola/mcp-gateway) that this gateway does not implement.
 * Its users should be able to bring their {@code gateway.yaml}: these keys load with one warning
 * each instead of failing as unknown. Keys that change what a backend <em>is</em> (another
 * transport) are refused, since ignoring them would silently drop the backend's meaning.
 */
final class RustGatewayKeys {

    private RustGatewayKeys() {}

    static final Set<String> TOP_LEVEL = Set.of(
            "env_files", "auth", "cache", "capabilities", "streaming", "playbooks", "security", "webhooks",
            "routing_profiles", "default_routing_profile", "code_mode", "mtls", "key_server", "agent_auth",
            "marketplace", "cost_governance");

    static final Set<String> SERVER = Set.of("request_timeout", "ws_port");

    static final Set<String> META_MCP = Set.of("cache_tools", "cache_ttl", "warm_start", "projection_mode");

    static final Set<String> BACKEND = Set.of(
            "idle_timeout", "oauth", "secrets", "passthrough", "stop_when_idle_for", "max_frame_bytes",
            "allow_cleartext_credentials", "runtime_profile", "identity_propagation", "account",
            "input_schema_enforcement", "allow_flagged_tools", "signature_chain", "chain_origins", "chain_signer");

    static final Map<String, String> REFUSED_BACKEND = Map.of(
            "ws_url", "WebSocket backends (ws_url) are a Rust mcp-gateway transport that mcp-gateway does not support;"
                    + " use command (stdio) or http_url (Streamable HTTP or SSE)",
            "a2a_url", "A2A backends (a2a_url) are a Rust mcp-gateway transport that mcp-gateway does not support;"
                    + " use command (stdio) or http_url (Streamable HTTP or SSE)",
            "a2a_agent_card_path", "A2A backends are a Rust mcp-gateway transport that mcp-gateway does not support");
}
