package dev.tocsin.web.alerting;

import dev.tocsin.platform.problem.Problem;
import dev.tocsin.platform.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A service's validation errors keyed by form field, worded with the labels the page shows. */
final class FieldErrors {

    private FieldErrors() {
    }

    static Map<String, String> of(ProblemException e, Map<String, String> labels) {
        Problem problem = e.toProblem();
        Map<String, String> errors = new LinkedHashMap<>();
        if (problem.errors() == null || problem.errors().isEmpty()) {
            errors.put("form", problem.detail() == null ? problem.title() : problem.detail());
            return errors;
        }
        for (Problem.FieldError error : problem.errors()) {
            String message = "reminderSeconds".equals(error.field())
                    ? "must be 0 (no reminders) or between 10 and 10,080 minutes (a week)" : error.message();
            for (Map.Entry<String, String> label : labels.entrySet()) {
                message = message.replace(label.getKey(), "the " + label.getValue().toLowerCase(java.util.Locale.ROOT));
            }
            String field = "reminderSeconds".equals(error.field()) ? "reminderMinutes" : error.field();
            errors.putIfAbsent(field, labels.getOrDefault(error.field(), error.field()) + " " + message);
        }
        return errors;
    }
}
