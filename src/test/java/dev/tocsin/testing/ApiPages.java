package dev.tocsin.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;

/** Walks a paged API list to its end, as a client following {@code next} would. */
public final class ApiPages {

    private ApiPages() {
    }

    /** The ids of every item, in order, and how many pages it took. */
    public record Walk(List<String> ids, int pages) {
    }

    public static Walk walk(String key, String path, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RequestSpecification request = given().header("Authorization", "Bearer " + key).queryParam("limit", limit);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get(path);
            ids.addAll(page.then().statusCode(200).extract().path("items.id"));
            cursor = page.path("next");
            pages++;
        } while (cursor != null);
        return new Walk(ids, pages);
    }
}
