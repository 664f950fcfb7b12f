package dev.tocsin.api;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * What the OpenAPI document says about authentication: every operation under {@code /api/} and
 * {@code /v1/} takes an account's API key as a Bearer token; Stripe's webhook signs its requests
 * instead. Registered with {@code mp.openapi.filter}.
 */
public class ApiDocumentation implements OASFilter {

    static final String SCHEME = "bearer";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSecurityScheme(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key (tcs_…)")
                .description("An API key of the account, created on the API keys page or with POST /api/v1/api-keys."));
        SecurityRequirement bearer = OASFactory.createSecurityRequirement().addScheme(SCHEME);
        openAPI.setSecurity(List.of(bearer));
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> {
                if (path.startsWith("/webhooks/") && item.getOperations() != null) {
                    // Stripe signs its calls (Stripe-Signature): no API key there.
                    item.getOperations().values().forEach(operation -> operation.setSecurity(List.of()));
                }
            });
        }
    }
}
