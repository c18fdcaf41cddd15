package io.certgate.jetty;

import io.certgate.core.config.ReloadingGate;
import io.certgate.core.management.GateRegistration;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

import javax.management.ObjectName;

/**
 * A web application's certgate bean on JMX, as a managed bean of its security handler: registered when the
 * handler starts, unregistered when it stops, so the bean lives exactly as long as the web application runs.
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
        GateRegistration r = registration;
        registration = null;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public String toString() {
        return "GatePublication{" + name + "}";
    }
}
