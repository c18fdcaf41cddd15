package io.certgate.tomcat;

import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.ReloadingGate;
import io.certgate.core.config.UnverifiedChains;
import io.certgate.core.management.GateRegistration;
import io.certgate.core.management.ObjectNames;
import io.certgate.core.rules.RulesException;
import org.apache.catalina.Container;
import org.apache.catalina.ContainerEvent;
import org.apache.catalina.ContainerListener;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Loader;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

import javax.management.ObjectName;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One {@link ReloadingGate} per web application below a Realm or Valve, built from that application's rules when it
 * starts and dropped when it stops. A web application whose rules are missing or wrong is not started: its
 * {@code FILE:LINE:COLUMN} errors are logged and the others keep running.
 *
 * <p>The gates are built on the context's {@code CONFIGURE_START} event, after Tomcat's {@code ContextConfig} has
 * read {@code web.xml} (it is registered before any Realm or Valve a context configuration creates), and before
 * the application's listeners and servlets start. Thread-safe.
 *
 * <p>Each gate is published on JMX as {@code io.certgate:type=WebApplication,container=tomcat,component=realm|valve,
 * name="HOST/PATH"} from its start until {@code CONFIGURE_STOP} (the context stops, reloads or is undeployed), so a
 * realm and a valve on one web application each show their own decisions and no bean outlives its application.
 * The gate is closed then too, which ends its threads and, with the last web application, every certgate thread
 * (Tomcat fires {@code CONFIGURE_STOP} on every stop of a context, also when the whole server stops).
 */
final class ContextGates implements LifecycleListener, ContainerListener {
    private static final Log log = LogFactory.getLog(ContextGates.class);

    private record Binding(Context context, ReloadingGate gate) {
    }

    /**
     * What a component does with a web application below it: serves it, leaves it alone, or stops it because the
     * component cannot serve it from where it is configured (why, and where to put it instead).
     */
    record Scope(boolean serves, String misplaced) {
        static final Scope SERVES = new Scope(true, null);
        static final Scope LEAVES = new Scope(false, null);

        static Scope misplaced(String why) {
            return new Scope(false, why);
        }
    }

    /** A started web application's gate and its JMX bean. */
    private record Bound(ReloadingGate gate, GateRegistration bean) {
    }

    private final String owner;
    private final String component;
    private final ContainerSettings settings;
    private final Function<Context, Scope> scope;
    private final Map<Context, Bound> byContext = new ConcurrentHashMap<>();
    private final Map<ClassLoader, Binding> byLoader = new ConcurrentHashMap<>();

    /**
     * @param owner     the component, for messages
     * @param component the component's key in JMX names, such as {@code realm}
     * @param settings  the component's attributes
     * @param scope     what the component does with each context below the watched container
     */
    ContextGates(String owner, String component, ContainerSettings settings, Function<Context, Scope> scope) {
        this.owner = owner;
        this.component = component;
        this.settings = settings;
        this.scope = scope;
    }

    /** Serves the contexts of {@code container} (a Context, Host or Engine), present and future. */
    /**
     * Checks the component's attributes, so that a misspelt attribute stops it at start instead of being ignored.
     *
     * @throws LifecycleException naming the component, each wrong attribute and what was expected
     */
    void checkSettings() throws LifecycleException {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new LifecycleException(owner + ": " + String.join("; ", problems));
        }
    }

    void watch(Container container) {
        if (container instanceof Context context) {
            context.addLifecycleListener(this);
            if (context.getState().isAvailable() && scope.apply(context).serves()) {
                bind(context);
            }
            return;
        }
        container.addContainerListener(this);
        for (Container child : container.findChildren()) {
            watch(child);
        }
    }

    /** The gate of a started web application. */
    Optional<ReloadingGate> of(Context context) {
        return context == null ? Optional.empty() : Optional.ofNullable(byContext.get(context)).map(Bound::gate);
    }

    /**
     * The gate of the web application the current thread serves: Tomcat binds a request's thread to its web
     * application's class loader, as it does to find {@code java:comp/env}.
     */
    Optional<ReloadingGate> ofCurrentThread() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return Optional.ofNullable(loader == null ? null : byLoader.get(loader)).map(Binding::gate);
    }

    @Override
    public void containerEvent(ContainerEvent event) {
        if (Container.ADD_CHILD_EVENT.equals(event.getType()) && event.getData() instanceof Container child) {
            watch(child);
        }
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        if (!(event.getLifecycle() instanceof Context context)) {
            return;
        }
        if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
            Scope s = scope.apply(context);
            if (s.serves()) {
                bind(context);
            } else if (s.misplaced() != null && context.getConfigured()) {
                refuse(context, new TomcatWebApplication(context), s.misplaced());
            }
        } else if (Lifecycle.CONFIGURE_STOP_EVENT.equals(event.getType())) {
            unbind(context);
        }
    }

    private void bind(Context context) {
        if (!context.getConfigured()) {
            return; // web.xml was already refused; Tomcat reports it
        }
        TomcatWebApplication app = new TomcatWebApplication(context);
        ReloadingGate gate;
        try {
            gate = ReloadingGate.forWebApplication(app, settings);
        } catch (RulesException e) {
            refuse(context, app, e.getMessage());
            return;
        }
        Optional<String> unverified = UnverifiedChains.problem(app.name(), CertificateOrigin.unverifyingConnectors(context),
                gate.validatesChainsItself());
        if (unverified.isPresent()) {
            gate.close();
            refuse(context, app, unverified.get());
            return;
        }
        ClassLoader loader = loader(context);
        if (loader != null) {
            Binding other = byLoader.get(loader);
            if (other != null && other.context() != context) {
                gate.close();
                refuse(context, app, "it shares its class loader with " + other.context().getName()
                        + ", so requests cannot tell them apart; configure " + owner + " in each web application's context.xml");
                return;
            }
            byLoader.put(loader, new Binding(context, gate));
        }
        Bound previous = byContext.put(context, new Bound(gate, GateRegistration.register(gate, objectName(context))));
        if (previous != null) {
            previous.bean().close();
            previous.gate().close();
        }
        log.info(owner + ": web application " + app.name() + " uses the rules " + gate.state().rules());
    }

    private void refuse(Context context, TomcatWebApplication app, String why) {
        log.error(owner + ": web application " + app.name() + " is not started:" + System.lineSeparator() + why);
        // Like a broken web.xml: Tomcat then fails this context's start and leaves the others running.
        context.setConfigured(false);
    }

    private void unbind(Context context) {
        Bound bound = byContext.remove(context);
        if (bound != null) {
            bound.bean().close();
            bound.gate().close();
        }
        byLoader.values().removeIf(b -> b.context() == context);
    }

    /** The JMX name of a web application's gate: its host's name and its context path. */
    private ObjectName objectName(Context context) {
        Container host = context.getParent();
        return ObjectNames.webApplication("tomcat", component, host == null ? null : host.getName(), context.getPath());
    }

    private static ClassLoader loader(Context context) {
        Loader loader = context.getLoader();
        return loader == null ? null : loader.getClassLoader();
    }
}
