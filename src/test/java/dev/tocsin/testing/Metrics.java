package dev.tocsin.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the Prometheus page as a scraper does. */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The value of one sample, 0 when it is not there yet. {@code nameAndLabels} is a regular expression
     * for the part before the value, e.g. {@code tocsin_probes_total\{cause="overloaded",outcome="down"}}.
     */
    public static double value(String nameAndLabels) {
        String page = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " (\\S+)$").matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
