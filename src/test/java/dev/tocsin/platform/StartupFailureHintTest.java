package dev.tocsin.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StartupFailureHintTest {

    @ParameterizedTest(name = "SQLSTATE {0} names {1}")
    @CsvSource({
            "28P01, QUARKUS_DATASOURCE_PASSWORD",
            "28000, QUARKUS_DATASOURCE_USERNAME",
            "3D000, QUARKUS_DATASOURCE_JDBC_URL",
            "08001, QUARKUS_DATASOURCE_JDBC_URL",
    })
    void namesTheSettingForDatabaseFailures(String sqlState, String setting) {
        Throwable failure = new RuntimeException("Failed to start", new IllegalStateException("pool", new SQLException("refused", sqlState)));
        assertThat(StartupFailureHint.of(failure)).hasValueSatisfying(hint -> assertThat(hint).contains(setting));
    }

    @Test
    void unknownHostNamesTheUrl() {
        assertThat(StartupFailureHint.of(new RuntimeException(new UnknownHostException("db.invalid"))))
                .hasValueSatisfying(hint -> assertThat(hint).contains("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @Test
    void unrelatedFailuresKeepTheirStackTrace() {
        assertThat(StartupFailureHint.of(new IllegalArgumentException("bad"))).isEmpty();
        assertThat(StartupFailureHint.report(new IllegalArgumentException("bad"))).contains("IllegalArgumentException: bad").contains("\tat ");
    }
}
