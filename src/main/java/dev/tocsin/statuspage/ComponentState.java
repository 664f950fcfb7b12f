package dev.tocsin.statuspage;

/** The state a vendor shows for one component, in the same terms for every platform. */
public enum ComponentState {
    OPERATIONAL, DEGRADED, PARTIAL_OUTAGE, MAJOR_OUTAGE, MAINTENANCE, UNKNOWN;

    /** Whether this state is worth telling someone about; UNKNOWN is not, since it only means "not published". */
    public boolean isProblem() {
        return this != OPERATIONAL && this != UNKNOWN;
    }
}
