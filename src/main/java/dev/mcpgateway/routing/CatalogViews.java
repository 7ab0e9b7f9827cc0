package dev.mcpgateway.routing;

import dev.mcpgateway.backend.Backend;
import dev.mcpgateway.backend.BackendCatalog;
import dev.mcpgateway.session.ClientSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and caches the {@link GatewayCatalog} each client sees. With only shared backends every
 * client sees the same catalog, built once per change; a client with per_client backends gets its
 * own, cached until one of its inputs changes. A cache entry is valid while the backend catalogs
 * it was built from are the very same objects (catalogs are immutable and replaced on change).
 */
final class CatalogViews {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogViews.class);

    private final List<Backend> backends;
    private final BackendAvailability availability;
    private final boolean anyPerClient;
    private final ConcurrentMap<ClientSession, View> perSession = new ConcurrentHashMap<>();
    private final Set<String> reportedConflicts = ConcurrentHashMap.newKeySet();
    private volatile View shared;

    private record View(List<BackendCatalog> inputs, GatewayCatalog catalog) {
        boolean builtFrom(List<BackendCatalog> current) {
            for (int i = 0; i < inputs.size(); i++) {
                if (inputs.get(i) != current.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    CatalogViews(List<Backend> backends, BackendAvailability availability) {
        this.backends = backends.stream().filter(b -> b.config().enabled()).toList();
        this.availability = availability;
        this.anyPerClient = this.backends.stream().anyMatch(Backend::perClient);
    }

    List<Backend> backends() {
        return backends;
    }

    GatewayCatalog forClient(ClientSession client) {
        List<BackendCatalog> inputs = new ArrayList<>(backends.size());
        for (Backend backend : backends) {
            inputs.add(hidden(backend) ? BackendCatalog.EMPTY : backend.catalog(client));
        }
        View view = anyPerClient && client != null ? perSession.get(client) : shared;
        if (view != null && view.builtFrom(inputs)) {
            return view.catalog();
        }
        GatewayCatalog catalog = GatewayCatalog.build(backends, inputs);
        reportNewConflicts(catalog);
        View fresh = new View(List.copyOf(inputs), catalog);
        if (anyPerClient && client != null) {
            if (perSession.put(client, fresh) == null) {
                client.onClose(() -> perSession.remove(client));
            }
        } else {
            shared = fresh;
        }
        return catalog;
    }

    /**
     * {@code hide_unavailable_tools}: while a backend cannot serve, its tools, prompts and resources
     * are left out (by default its last known lists stay, so clients keep a stable view).
     */
    private boolean hidden(Backend backend) {
        return backend.config().failsafe().hideUnavailableTools() && availability.unavailable(backend) != null;
    }

    private void reportNewConflicts(GatewayCatalog catalog) {
        for (String conflict : catalog.conflicts()) {
            if (reportedConflicts.add(conflict)) {
                LOG.warn(conflict);
            }
        }
    }
}
