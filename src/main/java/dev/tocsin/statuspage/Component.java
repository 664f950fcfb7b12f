package dev.tocsin.statuspage;

import java.util.Objects;

/** One component on a vendor's status page (an API, a model family, a region). */
public record Component(String id, String name, ComponentState state) {

    public Component {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }
}
