package dev.tocsin.catalog;

import java.util.Map;

/**
 * What to do about each cause, in the words of what is watched. A catalog provider's monitor hears about
 * models, keys, tiers and credit, since that is what goes wrong with an LLM API; any other URL hears only
 * what its HTTP answer says ("the URL answered 404 Not Found: check the path"), since nobody knows what
 * sits behind it. A pure function of the cause, the wording and, for generic words, the status.
 */
public final class Remedies {

    /** Whose words: a catalog provider's, or those of any HTTP API. */
    public enum Wording {
        PROVIDER, GENERIC;

        public static Wording of(boolean catalogProvider) {
            return catalogProvider ? PROVIDER : GENERIC;
        }
    }

    private static final Map<Integer, String> STATUS_TEXT = Map.ofEntries(Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(410, "Gone"),
            Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"),
            Map.entry(504, "Gateway Timeout"));

    private Remedies() {
    }

    /** The remedy of a cause with no HTTP status to quote (a transport failure, slowness, an assertion). */
    public static String of(Wording wording, Cause cause) {
        return of(wording, cause, 0);
    }

    /** The remedy of a cause; {@code status} is the HTTP status that carried it, 0 without one. */
    public static String of(Wording wording, Cause cause, int status) {
        return wording == Wording.PROVIDER ? provider(cause) : generic(cause, status);
    }

    /** "404 Not Found", or the bare number of a status without a common name. */
    public static String statusText(int status) {
        String text = STATUS_TEXT.get(status);
        return text == null ? Integer.toString(status) : status + " " + text;
    }

    private static String provider(Cause cause) {
        return switch (cause) {
            case RATE_LIMITED -> "Back off and retry after the Retry-After delay; if it keeps happening, check the workspace's "
                    + "rate-limit tier and limits, raise them or spread the load.";
            case QUOTA -> "The account is out of credit or quota: every call fails until someone adds credit, raises the spending "
                    + "limit or upgrades the plan (a trial key to a production key) in the provider's billing settings; "
                    + "retrying will not help.";
            case AUTH -> "Regenerate the API key, or re-scope it (project, workspace, region, model access), "
                    + "and update the monitor's credential.";
            case NOT_FOUND -> "Move off the retired or misspelled model alias: pick a model the provider still lists.";
            case BAD_REQUEST -> "Check the request: context length (shorten the prompt), the tool or JSON schema, "
                    + "and parameter names and values.";
            case SERVER_ERROR -> "The provider failed on its side: retry with backoff, check its status page, "
                    + "and fail over to another provider if it persists.";
            case OVERLOADED -> "The provider is overloaded: wait and retry with backoff, or fail over to another model or provider.";
            case TIMEOUT -> "Retry later and check the provider's status page; raise the monitor's timeout only if slow answers "
                    + "are acceptable.";
            case DNS -> "Check the host name in the URL; if it is right, the provider's DNS or the resolver is failing.";
            case CONNECT -> "Check the host and port and any firewall or proxy in between; the provider's edge may be down.";
            case TLS -> "Check the certificate (expired, wrong host name, untrusted issuer) and the URL; never disable verification.";
            case SLOW -> "Expect slow calls: raise client timeouts, or use a faster model or region.";
            case ASSERTION -> "Check the monitor's assertions against what the endpoint now answers.";
        };
    }

    private static String generic(Cause cause, int status) {
        String answered = status > 0 ? "The URL answered " + statusText(status) + ": " : "";
        return switch (cause) {
            case RATE_LIMITED -> answered + "the server limits how often it may be called. Tocsin waits as long as its "
                    + "Retry-After asks; if it keeps happening, probe less often or ask whoever runs the API for a higher limit.";
            case QUOTA -> answered + "the API says a payment or plan limit is reached. Check the account or plan behind the URL; "
                    + "retrying will not help.";
            case AUTH -> (answered.isEmpty() ? "The URL refused access: " : answered)
                    + "check the credential and headers the monitor sends, and that they are allowed to access this URL.";
            case NOT_FOUND -> (status > 0 ? answered : "The URL answered Not Found: ")
                    + "check the path in the monitor's URL; the endpoint may have moved or been removed.";
            case BAD_REQUEST -> answered + "the server refuses the request. Check the monitor's URL, method, headers and body "
                    + "against what the API expects.";
            case SERVER_ERROR -> answered + "the server failed on its side. Retry later; if it persists, tell whoever runs the API.";
            case OVERLOADED -> answered + "the server is overloaded or unavailable. It usually passes; if it persists, tell whoever "
                    + "runs the API.";
            case TIMEOUT -> "Retry later; if it persists, check the server behind the URL. Raise the monitor's timeout only if slow "
                    + "answers are acceptable.";
            case DNS -> "Check the host name in the URL; if it is right, its DNS or the resolver is failing.";
            case CONNECT -> "Check the host and port in the URL and any firewall or proxy in between; the server may be down.";
            case TLS -> "Check the certificate (expired, wrong host name, untrusted issuer) and the URL; never disable verification.";
            case SLOW -> "The endpoint answers more slowly than the monitor allows: check the server's load, or raise the monitor's "
                    + "maximum latency if such answers are acceptable.";
            case ASSERTION -> "Check the monitor's assertions against what the endpoint now answers.";
        };
    }
}
