package io.certgate.core.cli;

import io.certgate.core.revocation.RevocationSettings;
import io.certgate.core.revocation.RevocationSources;

/** Adds network fetching to the command line's given sources. */
final class NetworkSourcesFactory {
    private NetworkSourcesFactory() {
    }

    static RevocationSources withNetwork(RevocationSources given, RevocationSettings settings) {
        return given; // network sources are added by the fetch layer
    }
}
