package dev.mcpgateway.backend;

import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one backend offers, as it last listed it: every page of tools, prompts, resources and
 * resource templates, each item kept as the backend sent it.
 */
public record BackendCatalog(List<JsonValue> tools, List<JsonValue> prompts, List<JsonValue> resources, List<JsonValue> resourceTemplates) {

    public static final BackendCatalog EMPTY = new BackendCatalog(List.of(), List.of(), List.of(), List.of());

    public BackendCatalog {
        tools = List.copyOf(tools);
        prompts = List.copyOf(prompts);
        resources = List.copyOf(resources);
        resourceTemplates = List.copyOf(resourceTemplates);
    }

    /** The tool named {@code name} (the backend's own name), or null. */
    public JsonValue tool(String name) {
        for (JsonValue tool : tools) {
            if (name.equals(tool.getString("name"))) {
                return tool;
            }
        }
        return null;
    }

    /** The lists that differ between {@code before} and this catalog (none if equal). */
    public Set<Kind> changedSince(BackendCatalog before) {
        EnumSet<Kind> changed = EnumSet.noneOf(Kind.class);
        if (!tools.equals(before.tools)) {
            changed.add(Kind.TOOLS);
        }
        if (!prompts.equals(before.prompts)) {
            changed.add(Kind.PROMPTS);
        }
        if (!resources.equals(before.resources) || !resourceTemplates.equals(before.resourceTemplates)) {
            changed.add(Kind.RESOURCES);
        }
        return changed;
    }

    /** The kinds of list a client can be told changed. */
    public enum Kind { TOOLS, PROMPTS, RESOURCES }

    public BackendCatalog withTools(List<JsonValue> newTools) {
        return new BackendCatalog(newTools, prompts, resources, resourceTemplates);
    }

    public BackendCatalog withPrompts(List<JsonValue> newPrompts) {
        return new BackendCatalog(tools, newPrompts, resources, resourceTemplates);
    }

    public BackendCatalog withResources(List<JsonValue> newResources, List<JsonValue> newTemplates) {
        return new BackendCatalog(tools, prompts, newResources, newTemplates);
    }
}
