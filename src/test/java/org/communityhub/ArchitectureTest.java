package org.communityhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.agroal.api.AgroalDataSource;
import jakarta.persistence.Entity;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.communityhub.testing.NeedsNoHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/** The dependency rules of DESIGN.md section 3, checked rather than hoped for. */
@NeedsNoHub
class ArchitectureTest {

    /** Every feature package: all but common and reference. */
    private static final String[] FEATURES = {
        "org.communityhub.access..",
        "org.communityhub.adapter..",
        "org.communityhub.audit..",
        "org.communityhub.demo..",
        "org.communityhub.desk..",
        "org.communityhub.fanout..",
        "org.communityhub.intake..",
        "org.communityhub.matching..",
        "org.communityhub.registry..",
        "org.communityhub.reports..",
        "org.communityhub.web.."
    };

    private static JavaClasses hub;

    @BeforeAll
    static void importTheHub() {
        hub = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.communityhub");
    }

    @Test
    void resourcesNeverTouchRepositories() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Resource")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Repository")
                .check(hub);
    }

    @Test
    void entitiesNeverReachResourcesSoTheyNeverLeaveAsJson() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Resource")
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(Entity.class)
                .check(hub);
    }

    @Test
    void repositoriesAreReachableOnlyFromTheirOwnFeature() {
        classes()
                .that()
                .haveSimpleNameEndingWith("Repository")
                .should()
                .notBePublic()
                .check(hub);
    }

    @Test
    void servicesDoNotDependOnResources() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameEndingWith("Resource")
                .check(hub);
    }

    /** A service is called by the API and by the pages alike: it knows nothing of HTTP (an edit's version comes as {@code ExpectedVersion}). */
    @Test
    void servicesKnowNothingOfHttp() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..", "org.jboss.resteasy..")
                .check(hub);
    }

    @Test
    void registryFeaturesDependOnEachOtherWithoutCycles() {
        slices().matching("org.communityhub.registry.(*)..")
                .should()
                .beFreeOfCycles()
                .check(hub);
    }

    /**
     * The features (access, audit, registry, fanout, desk …) depend on each other one way only.
     * The code tables and identity rules everything reads are in {@code reference}, below access;
     * a user's area is checked against the divisions through {@code access.KnownDivisions}, which
     * the registry implements; the audit is the log everything writes to, and the reports that
     * read everything (the audit pages, a person's disclosures, what each platform received) are
     * {@code reports}, above the registry and the platforms.
     */
    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("org.communityhub.(*)..").should().beFreeOfCycles().check(hub);
    }

    /** Reference data (code tables, ID-number and name rules, masking) is read by all and reads none. */
    @Test
    void referenceDataDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("org.communityhub.reference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .check(hub);
    }

    @Test
    void commonCodeDependsOnNoFeatureNorReference() {
        noClasses()
                .that()
                .resideInAPackage("org.communityhub.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("org.communityhub.reference..")
                .check(hub);
    }

    /**
     * One way to hand-written SQL beside Panache: the {@code Jdbc} helper of {@code common.database}.
     * No class elsewhere takes a data source, opens or works a connection, or asks Hibernate for a
     * native query. A binder may build an SQL array on the connection the helper hands it
     * ({@code createArrayOf}); statements and result sets inside the helper's callbacks are fine.
     *
     * <p>Let through, each for its reason:
     *
     * <ul>
     *   <li>{@code fanout.CommitNotices} listens ({@code LISTEN}) on a connection of its own, opened
     *       outside the pool and held for as long as the process runs: from the pool it would take
     *       a connection away from the work for good, and a pooled connection is reset between uses.
     *   <li>{@code ResidentRepository.search} returns managed residents, which only Hibernate loads
     *       from a native query (their pages show and edit them).
     * </ul>
     */
    @Test
    void handWrittenSqlGoesThroughTheJdbcHelper() {
        DescribedPredicate<JavaMethodCall> connectionWorkBesidesArrays =
                new DescribedPredicate<>("a method of a JDBC connection other than createArrayOf") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getTargetOwner().isAssignableTo(Connection.class)
                                && !call.getName().equals("createArrayOf");
                    }
                };
        noClasses()
                .that()
                .resideOutsideOfPackage("org.communityhub.common.database..")
                .and()
                .doNotHaveFullyQualifiedName("org.communityhub.fanout.CommitNotices")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(DataSource.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(AgroalDataSource.class)
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(DriverManager.class, PGConnection.class)
                .orShould()
                .callMethodWhere(connectionWorkBesidesArrays)
                .check(hub);

        DescribedPredicate<JavaMethodCall> nativeQueryBesidesTheResidentSearch =
                new DescribedPredicate<>("createNativeQuery, other than in ResidentRepository.search") {
                    @Override
                    public boolean test(JavaMethodCall call) {
                        return call.getName().equals("createNativeQuery")
                                && !(call.getOriginOwner()
                                                .getName()
                                                .equals("org.communityhub.registry.resident.ResidentRepository")
                                        && call.getOrigin().getName().equals("search"));
                    }
                };
        noClasses()
                .that()
                .resideOutsideOfPackage("org.communityhub.common.database..")
                .should()
                .callMethodWhere(nativeQueryBesidesTheResidentSearch)
                .check(hub);
    }

    /**
     * The hub's own threads come from one place, {@code common.background}: no class elsewhere
     * makes a thread or a pool of them, so every piece of background work is named, counted and
     * stopped in one way. Timetabled chores use Quarkus's scheduler. Let through: {@code HubMain}'s
     * shutdown hook, which the JVM takes only as a thread.
     */
    @Test
    void backgroundThreadsComeFromBackgroundWork() {
        DescribedPredicate<JavaConstructorCall> makingAThread = new DescribedPredicate<>("a new thread") {
            @Override
            public boolean test(JavaConstructorCall call) {
                return call.getTargetOwner().isAssignableTo(Thread.class);
            }
        };
        noClasses()
                .that()
                .resideOutsideOfPackage("org.communityhub.common.background..")
                .and()
                .doNotHaveFullyQualifiedName("org.communityhub.HubMain")
                .should()
                .callConstructorWhere(makingAThread)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(ExecutorService.class)
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(Executors.class, Timer.class)
                .check(hub);
    }

    @Test
    void logsGoThroughTheLoggerNotStandardStreams() {
        noClasses()
                .that()
                .doNotHaveSimpleName("HubMain")
                .and()
                .doNotHaveSimpleName("UserBootstrap")
                .and()
                .doNotHaveSimpleName("DemoData")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(hub);
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(hub);
    }
}
