package org.communityhub.desk;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.household.HouseholdListItem;
import org.communityhub.registry.household.HouseholdRequest;
import org.communityhub.registry.household.HouseholdService;
import org.communityhub.registry.household.MemberPlacement;
import org.communityhub.registry.resident.RegisterResident;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentView;

/**
 * One registration from the resident form: the resident, and their place in a household (found
 * by its 户号 in the community, or started with the resident's address), in the registration's
 * transaction, so a refused household leaves no resident behind and the form can simply be sent
 * again. The checks after registration follow as for any registration ({@link RegisterResident}).
 */
@ApplicationScoped
public class ResidentEntry {

    /** 家庭户: a household started from the form. */
    private static final String FAMILY_HOUSEHOLD = "1";

    private final RegisterResident registration;
    private final HouseholdService households;

    ResidentEntry(RegisterResident registration, HouseholdService households) {
        this.registration = registration;
        this.households = households;
    }

    public RegisterResident.Registered register(
            Actor actor, ResidentRequest request, String householdNumber, String relation) {
        FieldErrors householdErrors = new FieldErrors();
        if (householdNumber != null && relation == null) {
            householdErrors.add("relationToHead", "required", "填写了户号时，请选择与户主关系（户主本人选“户主”）。");
        }
        if (householdNumber == null && relation != null) {
            householdErrors.add("householdNumber", "required", "选择了与户主关系时，请填写户号。");
        }
        boolean[] residentWritten = {false};
        try {
            return registration.register(actor, request, resident -> {
                residentWritten[0] = true;
                householdErrors.throwIfAny();
                if (householdNumber != null) {
                    placeInHousehold(actor, resident, householdNumber, relation);
                }
            });
        } catch (ProblemException e) {
            if (!residentWritten[0] && e.errors() != null && !householdErrors.isEmpty()) {
                // One answer with every problem of the form, not the resident's first and the household's later.
                List<FieldError> all = new ArrayList<>(e.errors());
                all.addAll(householdErrors.list());
                throw ProblemException.invalid(all);
            }
            throw e;
        }
    }

    private void placeInHousehold(Actor actor, ResidentView resident, String householdNumber, String relation) {
        try {
            households.placeMember(
                    actor, household(actor, resident, householdNumber), resident.id(), new MemberPlacement(relation));
        } catch (ProblemException e) {
            if ("household-head-exists".equals(e.code())) {
                throw ProblemException.invalid(
                        "relationToHead", e.code(), "户号 " + householdNumber + " 的户已有户主：请选择本人与户主的关系，或先在户页面更换户主。");
            }
            throw e;
        }
    }

    private UUID household(Actor actor, ResidentView resident, String number) {
        List<HouseholdListItem> found = households
                .search(actor, resident.communityCode(), number, null, new PageRequest(0, 1))
                .items();
        if (!found.isEmpty()) {
            return found.get(0).id();
        }
        return households
                .create(
                        actor,
                        new HouseholdRequest(
                                number,
                                FAMILY_HOUSEHOLD,
                                resident.communityCode(),
                                resident.building(),
                                resident.unit(),
                                resident.room()))
                .id();
    }
}
