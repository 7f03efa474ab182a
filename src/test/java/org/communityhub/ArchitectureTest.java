package org.communityhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import jakarta.persistence.Entity;
import org.communityhub.audit.AuditPage;
import org.communityhub.audit.AuditQueries;
import org.communityhub.audit.Disclosure;
import org.communityhub.audit.SharingReports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of DESIGN.md section 3, checked rather than hoped for. */
class ArchitectureTest {

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
     * The features (access, audit, registry, fanout, desk …) depend on each other one way only. Two
     * known two-way dependencies are let through, named here so that no third joins them: access
     * reads the code tables, masking and divisions of the registry (they belong in a reference
     * package of their own); the audit's pages find residents and name codes through the registry,
     * which records every read in the audit; and the audit's reports (a resident's disclosures, what
     * each platform received) name platforms, whose adapters read the registry. The audit mixes the
     * log everything writes to with reports that read everything: split, these would go.
     */
    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("org.communityhub.(*)..")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("org.communityhub.access.."),
                        JavaClass.Predicates.resideInAnyPackage(
                                "org.communityhub.registry.code..",
                                "org.communityhub.registry.identity..",
                                "org.communityhub.registry.place.."))
                .ignoreDependency(
                        JavaClass.Predicates.belongToAnyOf(AuditPage.class, SharingReports.class),
                        JavaClass.Predicates.resideInAPackage("org.communityhub.registry.."))
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("org.communityhub.registry.."),
                        JavaClass.Predicates.belongToAnyOf(AuditQueries.class, Disclosure.class))
                .ignoreDependency(
                        JavaClass.Predicates.resideInAPackage("org.communityhub.audit.."),
                        JavaClass.Predicates.resideInAPackage("org.communityhub.adapter.."))
                .check(hub);
    }

    @Test
    void commonCodeDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("org.communityhub.common..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.communityhub.access..",
                        "org.communityhub.adapter..",
                        "org.communityhub.audit..",
                        "org.communityhub.demo..",
                        "org.communityhub.desk..",
                        "org.communityhub.fanout..",
                        "org.communityhub.intake..",
                        "org.communityhub.matching..",
                        "org.communityhub.registry..",
                        "org.communityhub.web..")
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
