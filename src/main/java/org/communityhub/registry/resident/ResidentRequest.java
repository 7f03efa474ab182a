package org.communityhub.registry.resident;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A resident as a worker enters it (POST) or edits it (PUT). Coded fields take codes of their
 * code tables. Read-only members of the resident view may be sent back and are ignored. In a PUT,
 * {@code idNumber} and {@code phone} left out (or sent back masked, as they were read) stay as
 * they are, and an empty string clears them; memberships left out stay as they are. The birth date
 * is read as text ({@code yyyy-MM-dd}) so that an impossible date is reported with every other
 * problem of the request, not alone. {@code idNumberChecked} confirms a number that ends in 000
 * (see {@link org.communityhub.reference.identity.IdNumber#possiblyTruncated()}) against the document.
 */
@JsonIgnoreProperties(
        value = {
            "id",
            "version",
            "idType",
            "status",
            "statusDate",
            "statusReason",
            "mergedInto",
            "householdId",
            "relationToHead",
            "createdAt",
            "createdBy",
            "updatedAt",
            "updatedBy"
        },
        allowGetters = true)
public record ResidentRequest(
        String name,
        String idNumber,
        Boolean idNumberChecked,
        String sex,

        @Schema(type = SchemaType.STRING, format = "date", examples = "1990-01-02")
        String birthDate,

        String ethnicity,
        String politicalStatus,
        String education,
        String maritalStatus,
        String phone,
        String residenceType,
        String communityCode,
        String building,
        String unit,
        String room,
        List<String> tags,
        PartyMembershipRequest partyMembership,
        LeagueMembershipRequest leagueMembership) {

    @Override
    public String toString() {
        return "ResidentRequest[personal data withheld]";
    }
}
