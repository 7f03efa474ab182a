package org.communityhub.registry.place;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An administrative division, from province down to community (社区) or village. */
@Entity
@Table(name = "division")
public class Division {

    @Id
    public String code;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public short level;

    @Column(name = "parent_code")
    public String parentCode;
}
