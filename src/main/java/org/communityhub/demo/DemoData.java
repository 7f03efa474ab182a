package org.communityhub.demo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.NewUser;
import org.communityhub.access.Roles;
import org.communityhub.access.UserService;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.household.HouseholdRequest;
import org.communityhub.registry.household.HouseholdService;
import org.communityhub.registry.household.HouseholdView;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMemberStatus;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.NewDivision;
import org.communityhub.registry.resident.ChangeResidentStatus;
import org.communityhub.registry.resident.RegisterBatch;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.registry.resident.StatusChange;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Demo mode ({@code HUB_DEMO=true}): two fictional communities under a real street, demo users for
 * every role, and a few thousand synthetic residents in households, entered through the same
 * services a worker uses. Runs on a hub's first start only; prints where to sign in.
 */
@ApplicationScoped
class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    static final String STREET = "110105001"; // 北京市朝阳区建外街道
    static final String COMMUNITY = "110105001098";
    static final String SECOND_COMMUNITY = "110105001099";
    private static final int HOUSEHOLDS = 1_100;
    private static final int SECOND_HOUSEHOLDS = 240;
    /** Households registered in one transaction: their members are written in one set-based batch. */
    private static final int HOUSEHOLDS_PER_BATCH = 100;

    private final boolean enabled;
    private final String password;
    private final int port;
    private final DivisionService divisions;
    private final UserService users;
    private final RegisterBatch batches;
    private final ChangeResidentStatus statuses;
    private final ResidentQueries queries;
    private final HouseholdService households;
    private final Clock clock;

    DemoData(
            @ConfigProperty(name = "hub.demo.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "hub.demo.password") String password,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port,
            DivisionService divisions,
            UserService users,
            RegisterBatch batches,
            ChangeResidentStatus statuses,
            ResidentQueries queries,
            HouseholdService households,
            Clock clock) {
        this.enabled = enabled;
        this.password = password;
        this.port = port;
        this.divisions = divisions;
        this.users = users;
        this.batches = batches;
        this.statuses = statuses;
        this.queries = queries;
        this.households = households;
        this.clock = clock;
    }

    /** After the shipped divisions and the first admin exist. */
    void onStart(@Observes @Priority(5000) StartupEvent event) {
        if (!enabled) {
            return;
        }
        Actor demo = Actor.system("demo");
        QuarkusTransaction.requiringNew().run(() -> {
            addCommunity(COMMUNITY, "一表通示范社区居委会");
            addCommunity(SECOND_COMMUNITY, "一表通示范二社区居委会");
            addUser(demo, "worker", "示范社区工作者", Roles.WORKER, COMMUNITY);
            addUser(demo, "worker2", "示范二社区工作者", Roles.WORKER, SECOND_COMMUNITY);
            addUser(demo, "supervisor", "建外街道", Roles.SUPERVISOR, STREET);
            addUser(demo, "auditor", "区信息中心审计员", Roles.AUDITOR, "110105");
            addUser(demo, "adapter", "平台适配管理员", Roles.ADAPTER_ADMIN, "*");
        });
        if (queries.search(demo, emptyQuery(COMMUNITY), PageRequest.of("0", "1"))
                        .total()
                == 0) {
            long started = System.nanoTime();
            SyntheticPeople people = new SyntheticPeople(20_261_123L);
            int count =
                    seed(demo, COMMUNITY, HOUSEHOLDS, people) + seed(demo, SECOND_COMMUNITY, SECOND_HOUSEHOLDS, people);
            LOG.infof(
                    "Demo data: %d synthetic residents in %d households, in %d s",
                    count, HOUSEHOLDS + SECOND_HOUSEHOLDS, (System.nanoTime() - started) / 1_000_000_000L);
        }
        printLogins();
    }

    private void addCommunity(String code, String name) {
        if (divisions.find(code).isEmpty()) {
            divisions.add(new NewDivision(code, name, STREET));
        }
    }

    private void addUser(Actor demo, String username, String displayName, String role, String scope) {
        users.createIfAbsent(demo, new NewUser(username, displayName, password, List.of(role), List.of(scope)));
    }

    /** Fills a community with households; returns the number of residents. */
    private int seed(Actor demo, String community, int householdCount, SyntheticPeople people) {
        Random random = people.random();
        LocalDate today = LocalDate.now(clock);
        List<UUID> seeded = new ArrayList<>();
        for (int first = 0; first < householdCount; first += HOUSEHOLDS_PER_BATCH) {
            int from = first;
            int to = Math.min(householdCount, first + HOUSEHOLDS_PER_BATCH);
            seeded.addAll(QuarkusTransaction.requiringNew().call(() -> {
                List<RegisterBatch.BatchRegistration> batch = new ArrayList<>();
                for (int n = from; n < to; n++) {
                    batch.addAll(household(demo, community, n, people, today));
                }
                return register(demo, batch);
            }));
        }
        // A few leave the register, as in any real community.
        for (int i = 0; i < seeded.size() / 100; i++) {
            UUID id = seeded.get(random.nextInt(seeded.size()));
            boolean died = i % 3 == 0;
            QuarkusTransaction.requiringNew().run(() -> {
                if (queries.inScope(demo, id).status() == ResidentStatus.ACTIVE) {
                    statuses.changeStatus(
                            demo,
                            id,
                            new StatusChange(
                                    died ? ResidentStatus.DECEASED : ResidentStatus.MOVED_OUT,
                                    today.minusDays(1 + random.nextInt(300)),
                                    died ? "病故" : "迁往外区"),
                            null);
                }
            });
        }
        return seeded.size();
    }

    /** Registers a batch of synthetic people by the registry's rules; one refused is a fault of the generator. */
    private List<UUID> register(Actor demo, List<RegisterBatch.BatchRegistration> batch) {
        List<UUID> ids = new ArrayList<>(batch.size());
        for (RegisterBatch.Registration registration : batches.registerAll(demo, batch)) {
            if (registration.refusal() != null) {
                throw new IllegalStateException("The demo generated a resident the registry refuses: "
                        + registration.refusal().getMessage());
            }
            ids.add(registration.id());
        }
        return ids;
    }

    /** A new household and its members, to be registered into it. */
    private List<RegisterBatch.BatchRegistration> household(
            Actor demo, String community, int n, SyntheticPeople people, LocalDate today) {
        Random random = people.random();
        int kind = random.nextInt(100);
        String residenceType = kind < 85 ? "1" : kind < 98 ? "2" : "3";
        String building = (1 + n % 12) + "号楼";
        String unit = String.valueOf(1 + (n / 12) % 4);
        String room = (1 + (n / 48) % 18) + "0" + (1 + random.nextInt(4));
        String type = random.nextInt(40) == 0 ? "2" : "1";
        HouseholdView household = households.create(
                demo,
                new HouseholdRequest(
                        String.format("%s%06d", community.substring(9), n + 1), type, community, building, unit, room));

        List<RegisterBatch.BatchRegistration> members = new ArrayList<>();
        String headSex = random.nextBoolean() ? "1" : "2";
        LocalDate headBirth = people.birthBetweenAges(today, 26, 90);
        int headAge = Period.between(headBirth, today).getYears();
        boolean alone = random.nextInt(4) == 0;
        members.add(person(demo, household, "02", headSex, headBirth, residenceType, alone, people, today));
        if (!alone) {
            LocalDate spouseBirth = headBirth.plusYears(random.nextInt(9) - 4);
            members.add(person(
                    demo,
                    household,
                    "10",
                    "1".equals(headSex) ? "2" : "1",
                    spouseBirth,
                    residenceType,
                    false,
                    people,
                    today));
            int children = headAge < 30 ? random.nextInt(2) : random.nextInt(4);
            for (int c = 0; c < children; c++) {
                LocalDate childBirth =
                        headBirth.plusYears(22 + random.nextInt(17)).plusDays(random.nextInt(300));
                if (childBirth.isAfter(today)) {
                    continue;
                }
                String sex = random.nextBoolean() ? "1" : "2";
                members.add(person(
                        demo,
                        household,
                        "1".equals(sex) ? "20" : "30",
                        sex,
                        childBirth,
                        residenceType,
                        false,
                        people,
                        today));
            }
            if (headAge < 55 && random.nextInt(6) == 0) {
                String sex = random.nextBoolean() ? "1" : "2";
                LocalDate parentBirth = headBirth.minusYears(24 + random.nextInt(10));
                members.add(person(
                        demo,
                        household,
                        "1".equals(sex) ? "51" : "52",
                        sex,
                        parentBirth,
                        residenceType,
                        false,
                        people,
                        today));
            }
        }
        return members;
    }

    private RegisterBatch.BatchRegistration person(
            Actor demo,
            HouseholdView household,
            String relation,
            String sex,
            LocalDate birth,
            String residenceType,
            boolean livesAlone,
            SyntheticPeople people,
            LocalDate today) {
        Random random = people.random();
        int age = Period.between(birth, today).getYears();
        boolean minority = random.nextInt(40) == 0;
        String name = minority && random.nextBoolean() ? people.minorityName() : people.name(sex);
        String ethnicity =
                !minority ? "01" : name.contains("·") ? "05" : new String[] {"03", "11", "08"}[random.nextInt(3)];
        String idNumber;
        if (age < 1 && random.nextInt(3) == 0) {
            idNumber = null; // a newborn not yet numbered
        } else if ("3".equals(residenceType)) {
            idNumber = people.permitNumber(birth, sex);
        } else {
            idNumber = people.idNumber(birth, sex, "1".equals(residenceType));
        }
        List<String> tags = new ArrayList<>();
        if (age >= 80) {
            tags.add("elderly-80");
        }
        if (livesAlone && age >= 70) {
            tags.add("living-alone-elderly");
        }
        if (random.nextInt(50) == 0) {
            tags.add("low-income");
        }
        if (random.nextInt(80) == 0) {
            tags.add("disabled");
        }
        if ("1".equals(sex) && age >= 40 && random.nextInt(60) == 0) {
            tags.add("veteran");
        }
        PartyMembershipRequest party = null;
        if (age >= 23 && random.nextInt(20) == 0) {
            boolean probationary = random.nextInt(10) == 0;
            LocalDate joined = probationary
                    ? today.minusDays(30 + random.nextInt(300))
                    : birth.plusYears(20 + random.nextInt(Math.max(1, Math.min(age - 21, 20))));
            party = new PartyMembershipRequest(
                    probationary ? PartyMemberStatus.PROBATIONARY : PartyMemberStatus.FULL,
                    joined,
                    probationary ? null : joined.plusYears(1),
                    "示范社区党支部",
                    age >= 60 ? "2" : "1",
                    age < 60 && random.nextBoolean(),
                    false);
        }
        LeagueMembershipRequest league = null;
        if (age >= 15 && age <= 30 && party == null && random.nextInt(age <= 27 ? 3 : 6) == 0) {
            league = new LeagueMembershipRequest(
                    birth.plusYears(14 + random.nextInt(2)),
                    String.format("T%09d", random.nextInt(1_000_000_000)),
                    "示范社区团支部",
                    age >= 28 && random.nextInt(4) == 0 ? "团支部委员" : null);
        }
        String education = age < 7
                ? null
                : age < 13 ? "80" : age < 16 ? "70" : new String[] {"61", "71", "21", "31", "14"}[random.nextInt(5)];
        String marital = age < 20 ? "10" : new String[] {"20", "20", "20", "10", "30", "40"}[random.nextInt(6)];
        ResidentRequest request = new ResidentRequest(
                name,
                idNumber,
                null,
                idNumber == null ? sex : null,
                idNumber == null ? birth.toString() : null,
                ethnicity,
                null,
                education,
                marital,
                age >= 18 && random.nextInt(10) < 7 ? people.mobile() : null,
                residenceType,
                household.communityCode(),
                household.building(),
                household.unit(),
                household.room(),
                tags,
                party,
                league);
        return new RegisterBatch.BatchRegistration(
                request, new RegisterBatch.HouseholdPlace(household.id(), household.householdNumber(), relation));
    }

    private static ResidentQuery emptyQuery(String community) {
        return new ResidentQuery(null, null, null, community, null, null, null, null, null, null, null, null);
    }

    private void printLogins() {
        Map<String, String> logins = new java.util.LinkedHashMap<>();
        logins.put("worker", "社区工作者 · 一表通示范社区 " + COMMUNITY);
        logins.put("worker2", "社区工作者 · 一表通示范二社区 " + SECOND_COMMUNITY);
        logins.put("supervisor", "街道 · 建外街道 " + STREET);
        logins.put("auditor", "审计 · 朝阳区 110105");
        logins.put("adapter", "平台适配管理");
        StringBuilder banner = new StringBuilder("\n============================================================\n")
                .append(" 一表通 demo is running: http://localhost:")
                .append(port)
                .append("/\n")
                .append(" Sign in there (or with HTTP Basic for the API at /api/v1). Every demo user's password: ")
                .append(password)
                .append("\n\n");
        logins.forEach((user, what) -> banner.append(String.format("   %-11s %s%n", user, what)));
        banner.append(String.format(
                        "   %-11s %s%n",
                        "admin", "系统管理员 (password: HUB_BOOTSTRAP_ADMIN_PASSWORD, else the demo password)"))
                .append("\n API description: http://localhost:")
                .append(port)
                .append("/q/openapi\n")
                .append("============================================================\n");
        System.out.println(banner);
    }
}
