package io.certgate.core.management;

import io.certgate.core.config.ReloadingGate;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A web application's {@link CertGateMXBean}, registered with the platform MBean server for as long as the web
 * application runs: the adapters register when they build the gate and {@link #close()} when the web application
 * stops, so no bean outlives its web application.
 *
 * <p>Publishing statistics never stops a web application: when the bean cannot be registered (its name is taken,
 * for instance by a second server in the same JVM serving the same host and path, or a security manager forbids
 * it), a WARNING is logged on {@code io.certgate.core.management.GateRegistration} and the web application runs
 * without it. Thread-safe.
 */
public final class GateRegistration implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GateRegistration.class.getName());

    private final MBeanServer server;
    private final ObjectName name;
    private final AtomicBoolean registered;

    private GateRegistration(MBeanServer server, ObjectName name, boolean registered) {
        this.server = server;
        this.name = name;
        this.registered = new AtomicBoolean(registered);
    }

    /** Registers the bean of {@code gate} as {@code name} with the platform MBean server; never throws for JMX. */
    public static GateRegistration register(ReloadingGate gate, ObjectName name) {
        return register(gate, name, ManagementFactory.getPlatformMBeanServer());
    }

    /** Registers the bean of {@code gate} as {@code name} with {@code server}; never throws for JMX. */
    static GateRegistration register(ReloadingGate gate, ObjectName name, MBeanServer server) {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(name, "name");
        try {
            server.registerMBean(new StandardMBean(new CertGateBean(gate), CertGateMXBean.class, true), name);
            return new GateRegistration(server, name, true);
        } catch (InstanceAlreadyExistsException e) {
            LOG.log(System.Logger.Level.WARNING, "certgate: the JMX name " + name + " is taken, so the statistics of "
                    + gate.state().rules() + " are not published there; the web application runs without them");
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "certgate: cannot register " + name + " with JMX; the web application"
                    + " runs without it", e);
        }
        return new GateRegistration(server, name, false);
    }

    /** The bean's name. */
    public ObjectName name() {
        return name;
    }

    /** Whether the bean is registered now. */
    public boolean registered() {
        return registered.get();
    }

    /** Unregisters the bean, once; does nothing when it was not registered. Never throws. */
    @Override
    public void close() {
        if (!registered.compareAndSet(true, false)) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // someone else unregistered it already
        } catch (JMException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "certgate: cannot unregister " + name + " from JMX", e);
        }
    }

    @Override
    public String toString() {
        return "GateRegistration{" + name + (registered() ? "" : ", not registered") + "}";
    }
}
