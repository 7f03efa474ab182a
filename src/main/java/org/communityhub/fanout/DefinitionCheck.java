package org.communityhub.fanout;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A definition checked before it is put in place: every problem with its line, and, when there is
 * none, what it would do for residents of the checker's area.
 *
 * @param valid whether the hub would run the definition as it is
 * @param problems every problem at once, in the order of the file
 * @param preview the records it would send for a few of the residents it selects (ID numbers and
 *     phones masked)
 * @param request for an http platform, the request body those records would go in (masked)
 * @param selection who it selects among the residents of the area, and how many
 * @param configured for a valid definition, whether this hub could deliver with it now: false when
 *     a setting it takes from the hub's environment (an http platform's {@code url}) is not set
 *     there, so that put in place it would be listed as not configured and send nothing
 */
public record DefinitionCheck(
        boolean valid,
        List<Problem> problems,
        List<Preview> preview,
        String request,
        Selection selection,
        boolean configured) {

    /** Line and column count from 1; 0 when the problem concerns the file as a whole. */
    @Schema(name = "DefinitionProblem")
    public record Problem(int line, int column, String message) {}

    /** One resident's record as the platform would get it. */
    @Schema(name = "DefinitionPreview")
    public record Preview(String operation, Map<String, Object> fields, List<String> problems) {}

    /**
     * @param looked residents of the area looked at
     * @param selected of them, those the selection holds for today
     * @param complete whether every resident of the area was looked at (a large area is sampled)
     * @param description the selection in words
     */
    @Schema(name = "DefinitionSelection")
    public record Selection(long looked, long selected, boolean complete, String description) {}
}
