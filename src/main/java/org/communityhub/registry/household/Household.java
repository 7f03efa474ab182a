package org.communityhub.registry.household;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.communityhub.common.database.Tracked;
import org.communityhub.registry.place.Address;

/** A household (户). Its members are residents who point at it, each with a relation to the head. */
@Entity
@Table(name = "household")
public class Household extends Tracked {

    @Id
    public UUID id;

    /** 户号 */
    @Column(name = "household_number", nullable = false)
    public String householdNumber;

    /** {@code household-type}: 1 家庭户, 2 集体户 */
    @Column(nullable = false)
    public String type;

    @Column(name = "community_code", nullable = false)
    public String communityCode;

    public String building;

    public String unit;

    public String room;

    Address address() {
        return new Address(communityCode, building, unit, room);
    }

    void moveTo(Address address) {
        communityCode = address.communityCode();
        building = address.building();
        unit = address.unit();
        room = address.room();
    }
}
