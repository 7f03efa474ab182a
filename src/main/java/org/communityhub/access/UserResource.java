package org.communityhub.access;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Users, roles and area scopes. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users", description = "用户、角色与管辖范围")
public class UserResource {

    private final UserService users;
    private final CurrentActor current;

    UserResource(UserService users, CurrentActor current) {
        this.users = users;
        this.current = current;
    }

    @GET
    @Path("me")
    @Authenticated
    @Operation(summary = "The signed-in user")
    public Response me() {
        Actor actor = current.get();
        if (TokenIdentityAugmentor.isTokenUser(actor.username())) {
            // A token user is kept by the OIDC server, not in the hub's users: show what the token granted.
            return Response.ok(UserView.of(actor)).build();
        }
        return withEtag(users.get(actor.username()));
    }

    @GET
    @Path("users")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "List users")
    public Page<UserView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return users.list(PageRequest.of(page, size));
    }

    @POST
    @Path("users")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a user with roles and an area scope")
    public Response create(NewUser request) {
        UserView created = users.create(current.get(), ProblemException.requireBody(request));
        return Response.created(URI.create("/api/v1/users/" + created.username()))
                .tag(Preconditions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Path("users/{username}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "One user")
    public Response get(@PathParam("username") String username) {
        return withEtag(users.get(username));
    }

    @PUT
    @Path("users/{username}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a user's roles, scope, display name or enabled flag (needs If-Match)")
    public Response update(
            @PathParam("username") String username,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            UserChange change) {
        return withEtag(users.update(
                current.get(), username, ProblemException.requireBody(change), ExpectedVersion.fromIfMatch(ifMatch)));
    }

    @PUT
    @Path("users/{username}/password")
    @Authenticated
    @Operation(summary = "Set a password: admins for anyone, users for themselves with the current one")
    public Response changePassword(@PathParam("username") String username, PasswordChange change) {
        users.changePassword(current.get(), username, ProblemException.requireBody(change));
        return Response.noContent().build();
    }

    private static Response withEtag(UserView user) {
        return Response.ok(user).tag(Preconditions.etag(user.version())).build();
    }
}
