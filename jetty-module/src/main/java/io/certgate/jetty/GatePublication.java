package io.certgate.jetty;

import io.certgate.core.config.ReloadingGate;
import io.certgate.core.management.GateRegistration;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

import javax.management.ObjectName;

/**
 * A web application's gate and its certgate bean on JMX, as a managed bean of its security handler: the bean is
 * registered when the handler starts, unregistered when it stops, so it lives exactly as long as the web application
 * runs; the gate is closed when the handler stops (or the handler replaces this bean), which ends the gate's threads
 * and, with the last web application, every certgate thread.
 */
final class GatePublication extends AbstractLifeCycle {
    private final ReloadingGate gate;
    private final ObjectName name;
    private volatile GateRegistration registration;

    GatePublication(ReloadingGate gate, ObjectName name) {
        this.gate = gate;
        this.name = name;
    }

    ObjectName name() {
        return name;
    }

    @Override
    protected void doStart() {
        registration = GateRegistration.register(gate, name);
    }

    @Override
    protected void doStop() {
        release();
    }

    /** Unregisters the bean and closes the gate; does nothing the second time. */
    void release() {
        GateRegistration r = registration;
        registration = null;
        if (r != null) {
            r.close();
        }
        gate.close();
    }

    @Override
    public String toString() {
        return "GatePublication{" + name + "}";
    }
}
