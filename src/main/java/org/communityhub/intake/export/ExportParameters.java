package org.communityhub.intake.export;

import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query of an export: which template, which format, for what purpose, and which residents —
 * the filters of the resident search, or of the party or league member list ({@code list}).
 */
public class ExportParameters {

    @QueryParam("adapter")
    @Parameter(description = "A platform's id: its template (fields, names, order, codes, formats). Or give columns.")
    String adapter;

    @QueryParam("columns")
    @Parameter(
            description = "Instead of adapter: canonical field names (comma-separated or repeated), Chinese headers;"
                    + " GET /api/v1/exports/templates lists them")
    List<String> columns;

    @QueryParam("format")
    @Parameter(
            description =
                    "xlsx (default) or csv (UTF-8 with BOM; a platform template in the encoding its definition names, e.g. GB18030)")
    String format;

    @QueryParam("purpose")
    @Parameter(
            description = "Why the personal data leaves the hub: a code of the access-purpose table",
            required = true)
    String purpose;

    @QueryParam("purposeNote")
    @Parameter(description = "Required by some purposes (legal-request, other), e.g. the number of a request")
    String purposeNote;

    @QueryParam("list")
    @Parameter(description = "residents (default: the resident search's filters), party-members or league-members")
    String list;

    @QueryParam("q")
    @Parameter(description = "Part of a name")
    String q;

    @QueryParam("idNumber")
    @Parameter(description = "residents: an ID number")
    String idNumber;

    @QueryParam("phone")
    @Parameter(description = "residents: a phone number")
    String phone;

    @QueryParam("communityCode")
    @Parameter(description = "A community, or a street or county whose communities are all taken")
    String communityCode;

    @QueryParam("building")
    @Parameter(description = "residents: building (3, 3号楼 and 3栋 are one)")
    String building;

    @QueryParam("unit")
    @Parameter(description = "residents: unit")
    String unit;

    @QueryParam("room")
    @Parameter(description = "residents: room")
    String room;

    @QueryParam("status")
    @Parameter(description = "residents: ACTIVE, MOVED_OUT or DECEASED; party-members: FULL or PROBATIONARY")
    String status;

    @QueryParam("tag")
    @Parameter(description = "residents: a tag code")
    String tag;

    @QueryParam("residenceType")
    @Parameter(description = "residents: residence type code")
    String residenceType;

    @QueryParam("politicalStatus")
    @Parameter(description = "residents: political status code")
    String politicalStatus;

    @QueryParam("householdId")
    @Parameter(description = "residents: the members of one household")
    String householdId;

    @QueryParam("category")
    @Parameter(description = "party-members: party member category code")
    String category;

    @QueryParam("reportedToCommunity")
    @Parameter(description = "party-members: true or false")
    String reportedToCommunity;

    @QueryParam("lostContact")
    @Parameter(description = "party-members: true or false")
    String lostContact;

    @QueryParam("overage")
    @Parameter(description = "league-members: true for 超龄 members only, false for the others")
    String overage;
}
