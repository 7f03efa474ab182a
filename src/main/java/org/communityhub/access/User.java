package org.communityhub.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.communityhub.common.database.Tracked;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A built-in user of the hub. */
@Entity
@Table(name = "app_user")
public class User extends Tracked {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] roles;

    /** Division codes (any level) or {@code *}. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public String[] scope;

    @Column(nullable = false)
    public boolean enabled;

    /** Raised to end every page session of the user: a session of an older generation is refused. */
    @Column(name = "session_generation", nullable = false)
    public int sessionGeneration;
}
