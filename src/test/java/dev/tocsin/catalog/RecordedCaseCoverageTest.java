package dev.tocsin.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keeps the fixtures honest: every provider has a recorded body for each status class, and no fixture is left unchecked. */
class RecordedCaseCoverageTest {

    private static final List<StatusClass> CLASSES = List.of(
            new StatusClass("429", s -> s == 429),
            new StatusClass("401/403", s -> s == 401 || s == 403),
            new StatusClass("404", s -> s == 404),
            new StatusClass("400/422", s -> s == 400 || s == 422),
            new StatusClass("5xx", s -> s >= 500));

    record StatusClass(String name, IntPredicate matches) {
    }

    static Stream<String> catalogProviders() {
        return CatalogLoader.fromClasspath(Catalog.RESOURCE).stream().map(Provider::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogProviders")
    void everyProviderHasARecordedBodyForEachStatusClass(String provider) {
        List<RecordedCase> cases = RecordedCase.all().stream().filter(c -> c.provider().equals(provider)).toList();

        for (StatusClass statusClass : CLASSES) {
            assertThat(cases).as("%s has a recorded %s body", provider, statusClass.name())
                    .anyMatch(c -> statusClass.matches().test(c.status()));
        }
    }

    @Test
    void everyFixtureIsListedInTheManifestAndNamedAfterItsStatus() throws IOException {
        Path folder = RecordedCase.folder();
        Set<String> listed = RecordedCase.all().stream().map(RecordedCase::toString).collect(Collectors.toSet());
        Set<String> onDisk;
        try (Stream<Path> files = Files.walk(folder)) {
            onDisk = files.filter(Files::isRegularFile).map(folder::relativize).map(Path::toString)
                    .filter(name -> name.contains("/")).collect(Collectors.toSet());
        }

        assertThat(onDisk).containsExactlyInAnyOrderElementsOf(listed);
        assertThat(RecordedCase.all()).allSatisfy(c -> assertThat(c.file()).startsWith(c.status() + "-"));
    }

    @Test
    void everyManifestProviderIsInTheCatalogOrGeneric() {
        Set<String> known = Stream.concat(catalogProviders(), Stream.of("generic")).collect(Collectors.toSet());

        assertThat(RecordedCase.all()).extracting(RecordedCase::provider).allSatisfy(provider -> assertThat(known).contains(provider));
    }
}
