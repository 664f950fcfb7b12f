package dev.tocsin.api;

import dev.tocsin.account.Caller;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of this API request, set by {@link ApiAuthFilter} before any resource runs. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller: is this resource outside /api/?");
        }
        return caller;
    }
}
