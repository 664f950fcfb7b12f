package dev.tocsin.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made by the JDK's own keytool: a real
 * certificate with a real expiry, for HTTPS servers in tests, and the trust a client needs to accept it.
 */
public final class TestCertificate {

    private static final String PASSWORD = "changeit";

    private final KeyStore keys;
    private final Instant createdAt;

    private TestCertificate(KeyStore keys, Instant createdAt) {
        this.keys = keys;
        this.createdAt = createdAt;
    }

    /** A new certificate valid for {@code days} days from now, its key store written under {@code dir}. */
    public static TestCertificate validFor(int days, Path dir) throws IOException, GeneralSecurityException, InterruptedException {
        Path keystore = Files.createTempFile(dir, "server", ".p12");
        Files.delete(keystore); // keytool refuses to write into an empty file that is not a key store
        Instant created = Instant.now();
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-validity", Integer.toString(days), "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return new TestCertificate(keys, created);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public KeyStore keyStore() {
        return keys;
    }

    /** What an HTTPS server presents. */
    public SSLContext serverContext() throws GeneralSecurityException {
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return tls;
    }

    /** Trust in this certificate alone, for a client. */
    public TrustManagerFactory trust() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        return trust;
    }
}
