package org.communityhub.access.pii;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.communityhub.access.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The personal-data key: which one is current, and moving everything onto it. */
@Path("/api/v1/admin/pii-key")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Personal-data key", description = "个人信息加密密钥与密钥轮换")
public class PiiKeyResource {

    private final PiiKeyRotation rotation;

    PiiKeyResource(PiiKeyRotation rotation) {
        this.rotation = rotation;
    }

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "The current key's fingerprint, rows still under old keys per table, whether a rotation runs")
    public PiiKeyStatus status() {
        return rotation.status();
    }

    @POST
    @Path("rotation")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Start or resume re-encrypting every value under the current key, in the background (202)")
    public Response rotate() {
        rotation.start();
        return Response.accepted(rotation.status()).build();
    }
}
