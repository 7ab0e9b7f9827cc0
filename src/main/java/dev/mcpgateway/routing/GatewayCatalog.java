package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.jsonrpc.JsonObjectEdit;
import dev.mcpgateway.jsonrpc.JsonValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one client can see, merged from every backend: tools and prompts under their
 * exposed names, resources and templates unchanged, plus the indexes to route a call back.
 *
 * <p>Immutable; rebuilt when a backend's catalog changes. Order is configuration order of the
 * backends, then each backend's own order, so pages are stable.
 *
 * <p>Conflicts are resolved deterministically: for a tool or prompt name, or a resource URI,
 * offered by two backends, the backend listed first in the configuration wins and the other's
 * item is hidden (and reported in {@link #conflicts()} and the log).
 */
public final class GatewayCatalog {

    /**
     * A backend tool as the client sees it.
     *
     * @param repeatable safe to send again after a lost session: the backend says it is read-only
     *     or idempotent (read once here, not on every call)
     */
    public record Tool(Backend backend, String name, String exposedName, JsonValue exposed, JsonValue original, boolean repeatable) {

        public Tool(Backend backend, String name, String exposedName, JsonValue exposed, JsonValue original) {
            this(backend, name, exposedName, exposed, original, repeatable(original));
        }

        private static boolean repeatable(JsonValue tool) {
            JsonValue annotations = tool.get("annotations");
            if (annotations == null || !annotations.isObject()) {
                return false;
            }
            JsonValue readOnly = annotations.get("readOnlyHint");
            JsonValue idempotent = annotations.get("idempotentHint");
            return (readOnly != null && readOnly.isTrue()) || (idempotent != null && idempotent.isTrue());
        }

        public String description() {
            String description = original.getString("description");
            return description == null ? "" : description;
        }
    }

    /** A backend prompt as the client sees it. */
    public record Prompt(Backend backend, String name, String exposedName, JsonValue exposed) {}

    /** A backend resource (URIs are never renamed). */
    public record Resource(Backend backend, String uri, JsonValue item) {}

    /** A backend resource template. */
    public record Template(Backend backend, UriTemplate template, JsonValue item) {}

    public static final GatewayCatalog EMPTY = new GatewayCatalog(List.of(), List.of(), List.of(), List.of(), List.of());

    private final List<Tool> tools;
    private final Map<String, Tool> toolsByExposedName = new HashMap<>();
    private final Map<String, Map<String, Tool>> toolsByBackend = new HashMap<>();
    private final List<Prompt> prompts;
    private final Map<String, Prompt> promptsByExposedName = new HashMap<>();
    private final List<Resource> resources;
    private final Map<String, Resource> resourcesByUri = new HashMap<>();
    private final List<Template> templates;
    private final List<String> conflicts;

    private GatewayCatalog(List<Tool> tools, List<Prompt> prompts, List<Resource> resources, List<Template> templates, List<String> conflicts) {
        this.tools = tools;
        this.prompts = prompts;
        this.resources = resources;
        this.templates = templates;
        this.conflicts = conflicts;
        for (Tool tool : tools) {
            toolsByExposedName.put(tool.exposedName(), tool);
            toolsByBackend.computeIfAbsent(tool.backend().name(), k -> new HashMap<>()).put(tool.name(), tool);
        }
        for (Prompt prompt : prompts) {
            promptsByExposedName.put(prompt.exposedName(), prompt);
        }
        for (Resource resource : resources) {
            resourcesByUri.put(resource.uri(), resource);
        }
    }

    /** Merges the catalogs of {@code backends} (in configuration order), as {@code catalogs} gives them. */
    public static GatewayCatalog build(List<Backend> backends, List<BackendCatalog> catalogs) {
        List<Tool> tools = new ArrayList<>();
        List<Prompt> prompts = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        List<Template> templates = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        Map<String, Backend> toolOwners = new HashMap<>();
        Map<String, Backend> promptOwners = new HashMap<>();
        Map<String, Backend> uriOwners = new HashMap<>();
        for (int i = 0; i < backends.size(); i++) {
            Backend backend = backends.get(i);
            BackendCatalog catalog = catalogs.get(i);
            String prefix = backend.config().prefix();
            for (JsonValue item : catalog.tools()) {
                String name = item.getString("name");
                if (name == null) {
                    continue;
                }
                String exposed = ExposedNames.expose(prefix, name);
                Backend owner = toolOwners.putIfAbsent(exposed, backend);
                if (owner != null) {
                    conflicts.add(conflict("tool", exposed, owner, backend));
                    continue;
                }
                JsonValue renamed = exposed.equals(name) ? item : JsonObjectEdit.of(item).set("name", exposed).apply();
                tools.add(new Tool(backend, name, exposed, renamed, item));
            }
            for (JsonValue item : catalog.prompts()) {
                String name = item.getString("name");
                if (name == null) {
                    continue;
                }
                String exposed = ExposedNames.expose(prefix, name);
                Backend owner = promptOwners.putIfAbsent(exposed, backend);
                if (owner != null) {
                    conflicts.add(conflict("prompt", exposed, owner, backend));
                    continue;
                }
                JsonValue renamed = exposed.equals(name) ? item : JsonObjectEdit.of(item).set("name", exposed).apply();
                prompts.add(new Prompt(backend, name, exposed, renamed));
            }
            for (JsonValue item : catalog.resources()) {
                String uri = item.getString("uri");
                if (uri == null) {
                    continue;
                }
                Backend owner = uriOwners.putIfAbsent(uri, backend);
                if (owner != null) {
                    conflicts.add(conflict("resource", uri, owner, backend));
                    continue;
                }
                resources.add(new Resource(backend, uri, item));
            }
            for (JsonValue item : catalog.resourceTemplates()) {
                String template = item.getString("uriTemplate");
                if (template != null) {
                    templates.add(new Template(backend, UriTemplate.compile(template), item));
                }
            }
        }
        return new GatewayCatalog(List.copyOf(tools), List.copyOf(prompts), List.copyOf(resources), List.copyOf(templates), List.copyOf(conflicts));
    }

    private static String conflict(String kind, String name, Backend winner, Backend loser) {
        // Resource URIs are never prefixed, so a different prefix would not help there.
        String remedy = kind.equals("resource") ? "Reads of this URI go to `" + winner.name() + "`."
                : "Give one of them a different `prefix`.";
        return kind + " `" + name + "` is offered by backends `" + winner.name() + "` and `" + loser.name()
                + "`; `" + winner.name() + "` (listed first in the configuration) wins and the other is hidden. " + remedy;
    }

    public List<Tool> tools() {
        return tools;
    }

    public Tool tool(String exposedName) {
        return toolsByExposedName.get(exposedName);
    }

    /** A tool by backend and the backend's own tool name. */
    public Tool tool(String backend, String name) {
        return toolsByBackend.getOrDefault(backend, Map.of()).get(name);
    }

    /** The tools of one backend, in its order. */
    public List<Tool> toolsOf(String backend) {
        List<Tool> out = new ArrayList<>();
        for (Tool tool : tools) {
            if (tool.backend().name().equals(backend)) {
                out.add(tool);
            }
        }
        return out;
    }

    /** Tool counts per backend name. */
    public Map<String, Integer> toolCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Tool tool : tools) {
            counts.merge(tool.backend().name(), 1, Integer::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    public Set<String> toolNames() {
        return Collections.unmodifiableSet(toolsByExposedName.keySet());
    }

    public List<Prompt> prompts() {
        return prompts;
    }

    public Prompt prompt(String exposedName) {
        return promptsByExposedName.get(exposedName);
    }

    public Set<String> promptNames() {
        return Collections.unmodifiableSet(promptsByExposedName.keySet());
    }

    public List<Resource> resources() {
        return resources;
    }

    public List<Template> templates() {
        return templates;
    }

    /**
     * The backend that serves {@code uri}: the one that listed it, else the one whose template
     * matches it most specifically (ties go to configuration order), else null.
     */
    public Backend resourceOwner(String uri) {
        Resource listed = resourcesByUri.get(uri);
        if (listed != null) {
            return listed.backend();
        }
        Template best = null;
        for (Template template : templates) {
            if (template.template().matches(uri)
                    && (best == null || template.template().literalLength() > best.template().literalLength())) {
                best = template;
            }
        }
        return best == null ? null : best.backend();
    }

    public List<String> conflicts() {
        return conflicts;
    }
}
