package io.certgate.core.config;

import io.certgate.core.revocation.RevocationRuntime;
import org.junit.jupiter.api.AfterAll;
import io.certgate.core.CertGate;
import io.certgate.core.Decision;
import io.certgate.core.DenialReason;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.MutableClock;
import io.certgate.core.testing.TestCertificate;
import io.certgate.core.testing.TestCrl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Files certgate trusts are refused when every user may write them or their folder, and warned about once when their
 * group may. The tests run as root: what counts is the mode, not who may write.
 */
class FilePermissionsTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static TestCertificate ca;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(Instant.now());

    @BeforeAll
    static void pki() {
        ca = TestCertificate.builder().subject("CN=Permissions CA").ca(0).build();
    }

    static void mode(Path p, String mode) throws Exception {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    Path rules(String text) throws Exception {
        Path next = Files.createTempFile(dir, "next", ".rules");
        Files.writeString(next, text);
        mode(next, "rw-r--r--");
        return Files.move(next, dir.resolve("app.rules"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String world(Path p, String mode) {
        return p + " is writable by every user (mode " + mode + "), so anyone could change what certgate trusts;"
                + " remove that right with: chmod o-w " + p;
    }

    static String worldFolder(Path folder, Path file, String mode) {
        return "the folder " + folder + " of " + file + " is writable by every user (mode " + mode + "), so anyone could"
                + " replace what certgate trusts; remove that right with: chmod o-w " + folder;
    }

    static List<String> errors(RulesException e) {
        return e.errors().stream().map(RulesError::toString).toList();
    }

    ContainerSettings container() {
        ContainerSettings c = new ContainerSettings();
        c.setClock(clock);
        c.set("revocation.mode", "off");
        return c;
    }

    @Test
    void aRulesFileEveryUserMayWriteIsRefusedAtStart() throws Exception {
        Path file = rules("role a when true\n");
        mode(file, "rw-rw-rw-");
        RulesException e = assertThrows(RulesException.class, () -> ReloadingGate.load(file, container()));
        assertEquals(List.of(file + ": refused: " + world(file, "rw-rw-rw-")), errors(e));
        RulesException direct = assertThrows(RulesException.class, () -> Configuration.load(file, Map.of("revocation.mode", "off"), RUNTIME));
        assertEquals(errors(e), errors(direct));
    }

    @Test
    void aRulesFileInAFolderEveryUserMayWriteIsRefusedAtStart() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("WEB-INF"));
        Path file = Files.writeString(folder.resolve("certgate.rules"), "role a when true\n");
        mode(folder, "rwxrwxrwx");
        WebApplicationConfigurationTest.App app = new WebApplicationConfigurationTest.App(
                WebApplicationConfigurationTest.rulesParam("/WEB-INF/certgate.rules"), dir, Map.of());
        RulesException e = assertThrows(RulesException.class, () -> ReloadingGate.forWebApplication(app, container()));
        assertEquals(List.of(file + ": refused: " + worldFolder(folder, file, "rwxrwxrwx")), errors(e));
        mode(folder, "rwxr-xr-x");
        ReloadingGate.forWebApplication(app, container());
    }

    @Test
    void aLinkToAFileEveryUserMayWriteIsRefused() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path target = Files.writeString(elsewhere.resolve("real.rules"), "role a when true\n");
        mode(target, "rw-rw-rw-");
        Path link = Files.createSymbolicLink(dir.resolve("app.rules"), target);
        RulesException e = assertThrows(RulesException.class, () -> ReloadingGate.load(link, container()));
        assertEquals(List.of(link + ": refused: " + world(target, "rw-rw-rw-")), errors(e));
    }

    @Test
    void aGroupWritableFileIsWarnedAboutOnceAndLoaded() throws Exception {
        Path file = rules("role a when true\n");
        mode(file, "rw-rw-r--");
        List<String> warnings = new ArrayList<>();
        FilePermissions permissions = new FilePermissions(warnings::add);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), permissions.check(file));
        }
        assertEquals(List.of(file + " is writable by its group (mode rw-rw-r--); unless every member may change what"
                + " certgate trusts: chmod g-w " + file), warnings);
        ReloadingGate.load(file, container());
    }

    @Test
    void aReloadWhileEveryUserMayWriteTheFileIsRejectedUntilTheModeIsFixed() throws Exception {
        Path file = rules("role a when true\n");
        ReloadingGate gate = ReloadingGate.load(file, container());
        mode(file, "rw-rw-rw-");
        Files.writeString(file, "role b when true\n");
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged());
        assertEquals(Optional.of(file + ": refused: " + world(file, "rw-rw-rw-")), gate.state().error());
        assertEquals(Optional.of(file + ": refused: " + world(file, "rw-rw-rw-")), Optional.ofNullable(gate.state().lastError()));
        assertEquals(ReloadState.Result.REJECTED, gate.reloadIfChanged(), "still refused on the next look");
        mode(file, "rw-r--r--");
        assertEquals(ReloadState.Result.RELOADED, gate.reloadIfChanged(), "read again once the mode is fixed, though unchanged since");
        assertEquals(List.of("b"), gate.current().rules().rules().stream().map(r -> r.role()).toList());
    }

    @Test
    void certificateAndCrlFilesEveryUserMayWriteAreRefusedAtTheirSetting() throws Exception {
        Path issuers = Files.writeString(dir.resolve("issuers.pem"), ca.certificatePem());
        Path crls = Files.createDirectories(dir.resolve("crls"));
        Path crl = Files.write(crls.resolve("ca.crl"), TestCrl.builder(ca).build().der());
        String text = "role a when true\nrevocation.issuers = issuers.pem\nrevocation.ocsp.responder-cert = issuers.pem\n"
                + "revocation.crl.files = \"crls/*.crl\"\n";
        Path file = rules(text);
        Configuration.build(RuleSet.load(file), dir, Map.of(), clock, RUNTIME, Runnable::run);

        mode(issuers, "rw-rw-rw-");
        RulesException e = assertThrows(RulesException.class, () -> Configuration.build(RuleSet.load(file), dir, Map.of(), clock, RUNTIME, Runnable::run));
        assertEquals(List.of(file + ":2:22: revocation.issuers: " + world(issuers, "rw-rw-rw-"),
                file + ":3:34: revocation.ocsp.responder-cert: " + world(issuers, "rw-rw-rw-")), errors(e));
        mode(issuers, "rw-r--r--");

        mode(crl, "rw-rw-rw-");
        e = assertThrows(RulesException.class, () -> Configuration.build(RuleSet.load(file), dir, Map.of(), clock, RUNTIME, Runnable::run));
        assertEquals(List.of(file + ":4:24: revocation.crl.files: " + world(crl, "rw-rw-rw-")), errors(e));
        mode(crl, "rw-r--r--");

        mode(crls, "rwxrwxrwx");
        e = assertThrows(RulesException.class, () -> Configuration.build(RuleSet.load(file), dir, Map.of(), clock, RUNTIME, Runnable::run));
        assertEquals(file + ":4:24: revocation.crl.files: " + crls + " is writable by every user (mode rwxrwxrwx), so anyone"
                + " could replace what certgate trusts; remove that right with: chmod o-w " + crls, errors(e).get(0));
    }

    @Test
    void aCrlFileThatEveryUserMayWriteLaterIsLeftOutAtTheNextScan() throws Exception {
        TestCertificate alice = TestCertificate.builder().subject("CN=alice").clientAuth().signedBy(ca).build();
        Path crls = Files.createDirectories(dir.resolve("crls"));
        Path crl = Files.write(crls.resolve("ca.crl"), TestCrl.builder(ca).thisUpdate(clock.instant()).build().der());
        Path file = rules("role a when true\nrevocation.mode = crl\nrevocation.crl.files = \"crls/*.crl\"\n");
        CertGate gate = Configuration.build(RuleSet.load(file), dir, Map.of(), clock, RUNTIME, Runnable::run);
        assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));

        mode(crl, "rw-rw-rw-");
        clock.advance(Duration.ofMinutes(61)); // past the cached answer's max-ttl and the folder's next scan
        Decision.Denied denied = assertInstanceOf(Decision.Denied.class, gate.decide(alice.chainArray()));
        assertEquals(DenialReason.REVOCATION_UNKNOWN, denied.reason(), denied.message());

        mode(crl, "rw-r--r--");
        clock.advance(Duration.ofMinutes(61));
        assertInstanceOf(Decision.Authenticated.class, gate.decide(alice.chainArray()));
    }

    @Test
    void aFileSystemWithoutPosixPermissionsIsNotChecked() throws Exception {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + dir.resolve("files.zip").toUri()), Map.of("create", "true"))) {
            Path inside = Files.writeString(zip.getPath("/app.rules"), "role a when true\n");
            assertEquals(Optional.empty(), FilePermissions.refusal(inside));
        }
    }
}
