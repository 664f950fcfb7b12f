package dev.tocsin.web.monitor;

import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's refusal as the form shows it: the rules' field errors at their fields, anything else at the top. */
final class Failures {

    /** The key of an error that belongs to no field; the summary shows it without a link. */
    static final String FORM = "form";

    private Failures() {
    }

    static Map<String, String> errors(ProblemException e) {
        Problem problem = e.toProblem();
        if (problem.errors() != null && !problem.errors().isEmpty()) {
            return MonitorForm.fieldErrors(problem.errors());
        }
        Map<String, String> top = new LinkedHashMap<>();
        top.put(FORM, problem.detail() == null ? problem.title() : problem.detail());
        return top;
    }
}
