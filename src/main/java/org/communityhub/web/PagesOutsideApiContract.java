package org.communityhub.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/**
 * The API contract (openapi/) describes the JSON API under /api/v1 only: the pages are HTML for
 * people, change with the interface, and are no promise to other programs.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class PagesOutsideApiContract implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<String> pages = openAPI.getPaths().getPathItems().keySet().stream()
                .filter(Pages::isPage)
                .toList();
        pages.forEach(openAPI.getPaths()::removePathItem);
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().removeSchema("TemplateInstance");
        }
    }
}
