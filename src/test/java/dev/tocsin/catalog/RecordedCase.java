package dev.tocsin.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One row of catalog/cases.csv: a recorded error body and what it must decode to. */
record RecordedCase(String provider, String file, int status, String cause, boolean retryable, String reason, String remedy,
        Map<String, List<String>> headers, Optional<Duration> retryAfter) {

    static final String MANIFEST = "catalog/cases.csv";

    @Override
    public String toString() {
        return provider + "/" + file;
    }

    String body() {
        try (InputStream in = RecordedCase.class.getClassLoader().getResourceAsStream("catalog/" + provider + "/" + file)) {
            if (in == null) {
                throw new IllegalStateException("fixture catalog/" + provider + "/" + file + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder holding the manifest and the fixtures, as a path (tests run from target/test-classes). */
    static Path folder() {
        URL manifest = RecordedCase.class.getClassLoader().getResource(MANIFEST);
        try {
            return Path.of(manifest.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<RecordedCase> all() {
        List<RecordedCase> cases = new ArrayList<>();
        try {
            boolean header = true;
            for (String line : Files.readAllLines(folder().resolve("cases.csv"), StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                cases.add(parse(fields(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static RecordedCase parse(List<String> f) {
        if (f.size() != 9) {
            throw new IllegalArgumentException("cases.csv rows have 9 fields, this one has " + f.size() + ": " + f);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (!f.get(7).isEmpty()) {
            for (String pair : f.get(7).split(";")) {
                String[] nameValue = pair.split("=", 2);
                headers.put(nameValue[0].strip(), List.of(nameValue[1].strip()));
            }
        }
        Optional<Duration> retryAfter = f.get(8).isEmpty() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(f.get(8))));
        return new RecordedCase(f.get(0), f.get(1), Integer.parseInt(f.get(2)), f.get(3), Boolean.parseBoolean(f.get(4)), f.get(5),
                f.get(6), headers, retryAfter);
    }

    /** Splits one CSV line: commas separate, double quotes enclose, a doubled quote is a quote. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                field.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
