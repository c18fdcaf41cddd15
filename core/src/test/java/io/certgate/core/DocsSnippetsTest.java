package io.certgate.core;

import io.certgate.core.revocation.RevocationRuntime;
import io.certgate.core.cli.Main;
import io.certgate.core.config.Configuration;
import io.certgate.core.config.ContainerSettings;
import io.certgate.core.config.RulesLocation;
import io.certgate.core.config.SettingKey;
import io.certgate.core.config.WebApplication;
import io.certgate.core.identity.StringPrep;
import io.certgate.core.revocation.UnknownCause;
import io.certgate.core.rules.RuleSet;
import io.certgate.core.rules.RulesError;
import io.certgate.core.rules.RulesException;
import io.certgate.core.testing.ExampleFiles;
import io.certgate.core.testing.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Exercises the fenced code blocks of {@code docs/*.md}, so that the manual cannot drift from the code. Each block is
 * checked according to its info string, or to an HTML comment on the line just before its opening fence:
 *
 * <ul>
 *   <li>{@code ```rules}: a rules file; it must parse with {@link RuleSet#parse}. Preceded by
 *       {@code <!-- file: NAME -->} it is also written as {@code NAME} into the folder the commands run in.
 *       Preceded by {@code <!-- broken: NAME -->} it is an intentional error example: it must fail to parse, and is
 *       written as {@code NAME} too.</li>
 *   <li>a block preceded by {@code <!-- errors: NAME -->}: its lines of the form {@code PATH:LINE:COLUMN: message}
 *       (with {@code PATH} ending in the file name of {@code NAME}) must be exactly the errors of the broken file
 *       {@code NAME}, in order.</li>
 *   <li>{@code ```rules-conditions}: one condition per line; {@code role r when LINE} must parse.</li>
 *   <li>{@code ```console}: a transcript. Lines starting with {@code $ } are commands; the lines after one are its
 *       output (standard error, then standard output). Commands are {@code java -jar core/target/certgate-cli.jar …}
 *       (or {@code certgate …}), run in-process through {@link Main#run} (the jar's main class) in a folder that
 *       holds the example files of the build ({@code core/target/example/}, written by {@link ExampleFiles}) and
 *       the {@code file:} and {@code broken:} blocks; and {@code echo $?}, whose output is the exit status of the
 *       command before. In expected output, {@code …} stands for any text within a line, and a line holding only
 *       {@code …} for any number of lines.</li>
 *   <li>other blocks: every line that starts with the command line's name is run the same way and must not end
 *       with exit status 2 (bad usage); a line with placeholders (upper-case words, {@code [options]}) is a
 *       synopsis, whose options must be options of the command line. {@code cli.md} must document every option of
 *       {@code --help}.</li>
 *   <li>{@code ```xml}: well-formed (as a fragment); an element whose {@code className} names a certgate class names
 *       a class that exists and only attributes it has ({@code rules}, the container settings,
 *       {@code requiredRole} for the valve and {@code trustForwardedCertificates} for the Tomcat realm and valve); a {@code certgate.*} context-param is {@code certgate.rules}, with a
 *       value {@link RulesLocation} accepts.</li>
 *   <li>{@code ```java}: compiled against core's classes.</li>
 *   <li>{@code ```log}: every line is one of the messages indexed in {@code troubleshooting.md}.</li>
 *   <li>a block preceded by {@code <!-- audit: RULES CHAIN -->}: the audit record certgate writes when it decides
 *       for the chain file {@code CHAIN} with the rules file {@code RULES} (both in the command folder), as the
 *       adapters build it ({@link Configuration#build}).</li>
 *   <li>a block preceded by {@code <!-- audit-shape -->}: each line has the fields of an audit record, in its
 *       order, with valid values.</li>
 *   <li>a block preceded by {@code <!-- not-tested: WHY -->} is not exercised here; the reason says what covers it
 *       instead. The blocks between {@code <!-- distribution-test:begin} and {@code <!-- distribution-test:end} are
 *       run by the Jetty distribution test.</li>
 * </ul>
 *
 * <p>Every other block fails the test: a new snippet must say how it is checked. Beyond blocks: every relative link
 * between the chapters resolves, anchors included; every {@code revocation.*} setting name in the text exists; every
 * message indexed under a {@code ###} heading of {@code troubleshooting.md} (parts that vary written
 * {@code <like-this>}) is produced by the code in a scenario below, or, for messages the adapters or the network
 * write, each of its fixed parts is in a string literal of the main sources; every denial reason and
 * UNKNOWN cause is indexed; measured figures ({@code 487 ± 108 ms}, {@code 28.0 MB}) quoted in other chapters are
 * those of {@code benchmarks.md}, where each has its command; and the Unicode table of {@code security.md} agrees with
 * {@link StringPrep}.
 *
 * <p>Chapters other engineers own ({@link #FOREIGN}) are checked for links and setting names only.
 */
class DocsSnippetsTest {
    /** Where revocation fetches, keeps CRLs and refreshes; ended after the last test. */
    static final RevocationRuntime RUNTIME = RevocationRuntime.create();

    @AfterAll
    static void endRuntime() {
        RUNTIME.close();
    }

    static final Path DOCS = Path.of("..", "docs");
    static final List<Path> MAIN_SOURCES = List.of(Path.of("src/main/java"), Path.of("../jetty-module/src/main/java"),
            Path.of("../tomcat-valve/src/main/java"));
    /** Chapters other engineers own: links, anchors and setting names are checked, their blocks are not. */
    static final Set<String> FOREIGN = Set.of("benchmarks.md");
    static final String CLI = "java -jar core/target/certgate-cli.jar ";
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)\\)");
    static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");
    static final Pattern ERROR_LINE = Pattern.compile("^\\s*(?:certgate: )?(\\S+):(\\d+):(\\d+): (.*)$");
    static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][a-z -]*>|…");

    /** Keeps the audit logger configured while the test runs. */
    static final Logger AUDIT = Logger.getLogger(CertGate.AUDIT_LOGGER);
    static final Logger CERTGATE = Logger.getLogger("io.certgate");

    static Path folder;
    static List<Doc> docs;
    static final Map<String, List<String>> brokenErrors = new HashMap<>();
    static final List<String> records = new ArrayList<>();
    static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(getFormatter() == null ? new java.util.logging.SimpleFormatter().formatMessage(record)
                        : getFormatter().formatMessage(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    record Block(String doc, int line, String info, String marker, List<String> lines, boolean distributionTest) {
        String text() {
            return String.join("\n", lines) + "\n";
        }

        String where() {
            return doc + ":" + line;
        }

        boolean marked(String prefix) {
            return marker != null && marker.startsWith(prefix);
        }

        String markerValue() {
            return marker.substring(marker.indexOf(':') + 1).strip();
        }
    }

    record Doc(String name, List<String> lines, List<Block> blocks) {
        boolean foreign() {
            return FOREIGN.contains(name);
        }

        /** The lines outside code blocks. */
        List<String> prose() {
            List<String> out = new ArrayList<>();
            boolean in = false;
            for (String l : lines) {
                if (l.strip().startsWith("```")) {
                    in = !in;
                    continue;
                }
                if (!in) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    @BeforeAll
    static void readDocsAndWriteTheExampleFiles() throws Exception {
        folder = Files.createTempDirectory("certgate-docs");
        docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                docs.add(parse(p.getFileName().toString(), Files.readAllLines(p, StandardCharsets.UTF_8)));
            }
        }
        assertTrue(docs.size() >= 10, "docs/*.md read from " + DOCS.toAbsolutePath());
        ExampleFiles.main(new String[] {folder.resolve("core/target/example").toString()});
        for (Block b : blocks()) {
            if (b.info().equals("rules") && (b.marked("file:") || b.marked("broken:"))) {
                Path target = folder.resolve(b.markerValue());
                Files.createDirectories(target.getParent());
                Files.writeString(target, b.text(), StandardCharsets.UTF_8);
            }
        }
        AUDIT.setLevel(Level.INFO);
        CERTGATE.addHandler(CAPTURE);
        CERTGATE.setLevel(Level.ALL);
        CERTGATE.setUseParentHandlers(false);
    }

    @AfterAll
    static void removeTheFolder() throws IOException {
        CERTGATE.removeHandler(CAPTURE);
        CERTGATE.setUseParentHandlers(true);
        CERTGATE.setLevel(null);
        AUDIT.setLevel(null);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static Doc parse(String name, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        boolean distribution = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("<!-- distribution-test:begin")) {
                distribution = true;
            } else if (l.contains("<!-- distribution-test:end")) {
                distribution = false;
            }
            Matcher open = Pattern.compile("^(\\s*)```(\\S*)\\s*$").matcher(l);
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String marker = null;
            for (int j = i - 1; j >= 0; j--) {
                if (lines.get(j).isBlank()) {
                    continue;
                }
                Matcher m = MARKER.matcher(lines.get(j));
                if (m.matches() && !m.group(1).startsWith("distribution-test")) {
                    marker = m.group(1);
                }
                break;
            }
            List<String> content = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).strip().equals("```"); j++) {
                String c = lines.get(j);
                int strip = 0;
                while (strip < indent && strip < c.length() && c.charAt(strip) == ' ') {
                    strip++;
                }
                content.add(c.substring(strip));
            }
            assertTrue(j < lines.size(), name + ":" + (i + 1) + ": the code block is not closed");
            blocks.add(new Block(name, i + 1, open.group(2), marker, content, distribution));
            i = j;
        }
        return new Doc(name, lines, blocks);
    }

    static List<Block> blocks() {
        return docs.stream().filter(d -> !d.foreign()).flatMap(d -> d.blocks().stream()).toList();
    }

    static Doc doc(String name) {
        return docs.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("docs/" + name + " is missing"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // every block is exercised or says why not

    @Test
    void everyBlockIsExercisedOrSaysWhatCoversIt() {
        List<String> problems = new ArrayList<>();
        List<String> notTested = new ArrayList<>();
        Set<String> checkedInfos = Set.of("rules", "rules-conditions", "console", "xml", "java", "log");
        for (Block b : blocks()) {
            if (b.distributionTest()) {
                notTested.add(b.where() + ": run by JettyDistributionIT (distribution-test markers)");
                continue;
            }
            if (b.marked("not-tested:")) {
                notTested.add(b.where() + ": " + b.markerValue());
                if (b.info().equals("rules") || b.info().equals("console")) {
                    problems.add(b.where() + ": a " + b.info() + " block is always tested; remove not-tested");
                }
                continue;
            }
            if (checkedInfos.contains(b.info()) || b.marked("errors:") || b.marked("audit:") || b.marked("audit-shape")) {
                continue;
            }
            List<String> nonBlank = commandLines(b).stream().filter(l -> !l.isBlank()).toList();
            if (!nonBlank.isEmpty() && nonBlank.stream().allMatch(DocsSnippetsTest::isCli)) {
                continue;
            }
            problems.add(b.where() + ": a ```" + b.info() + " block that nothing checks; give it a checked info string "
                    + "or a marker (see DocsSnippetsTest's Javadoc), or <!-- not-tested: what covers it -->");
        }
        System.out.println("docs blocks not exercised by DocsSnippetsTest:\n  " + String.join("\n  ", notTested));
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // rules files

    @Test
    void rulesBlocksParseAndErrorExamplesShowTheRealErrors() {
        List<String> problems = new ArrayList<>();
        for (Block b : blocks()) {
            if (b.info().equals("rules")) {
                String name = b.marked("file:") || b.marked("broken:") ? b.markerValue() : b.doc() + ".rules";
                try {
                    RuleSet.parse(name, b.text());
                    if (b.marked("broken:")) {
                        problems.add(b.where() + ": marked broken, but it parses");
                    }
                } catch (RulesException e) {
                    if (b.marked("broken:")) {
                        brokenErrors.put(name, e.errors().stream().map(RulesError::toString).toList());
                    } else {
                        problems.add(b.where() + ": does not parse:\n" + e.getMessage());
                    }
                }
            } else if (b.info().equals("rules-conditions")) {
                for (String condition : b.lines()) {
                    if (!condition.isBlank()) {
                        try {
                            RuleSet.parse("condition", "role r when " + condition + "\n");
                        } catch (RulesException e) {
                            problems.add(b.where() + ": condition does not parse: " + e.getMessage());
                        }
                    }
                }
            }
        }
        for (Block b : blocks()) {
            if (!b.marked("errors:")) {
                continue;
            }
            String name = b.markerValue();
            List<String> real = brokenErrors.get(name);
            if (real == null) {
                problems.add(b.where() + ": no broken rules block named " + name + " before it");
                continue;
            }
            String fileName = Path.of(name).getFileName().toString();
            List<String> shown = new ArrayList<>();
            for (String line : b.lines()) {
                Matcher m = ERROR_LINE.matcher(line);
                if (m.matches()) {
                    if (!m.group(1).endsWith(fileName)) {
                        problems.add(b.where() + ": " + m.group(1) + " is not " + fileName);
                    }
                    shown.add(m.group(2) + ":" + m.group(3) + ": " + m.group(4));
                }
            }
            List<String> expected = real.stream().map(e -> e.substring(name.length() + 1)).toList();
            if (!expected.equals(shown)) {
                problems.add(b.where() + ": the errors of " + name + " are\n  " + String.join("\n  ", expected)
                        + "\nbut the doc shows\n  " + String.join("\n  ", shown));
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // the command line

    static boolean isCli(String line) {
        String l = line.strip();
        return l.startsWith(CLI) || l.startsWith("certgate ") || l.equals(CLI.strip());
    }

    static boolean isSynopsis(String line) {
        return line.contains("[") || Pattern.compile("(^|\\s)[A-Z][A-Z_]+(\\s|$)").matcher(line).find()
                || line.strip().startsWith("--") || line.contains("...");
    }

    /** The block's lines, with indented lines that continue a command joined to it. */
    static List<String> commandLines(Block b) {
        List<String> out = new ArrayList<>();
        for (String line : b.lines()) {
            if (!out.isEmpty() && isCli(out.get(out.size() - 1)) && !line.isBlank() && Character.isWhitespace(line.charAt(0))) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.strip());
            } else {
                out.add(line);
            }
        }
        return out;
    }

    record Run(int exit, List<String> output) {
    }

    static Run run(String command) {
        String c = command.strip();
        String rest = c.startsWith(CLI) ? c.substring(CLI.length()) : c.substring("certgate ".length());
        List<String> args = new ArrayList<>();
        for (String token : tokens(rest)) {
            args.add(token.startsWith("core/") || token.startsWith("./") || Files.exists(folder.resolve(token))
                    ? folder.resolve(token).toString() : token);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String prefix = folder.toString() + java.io.File.separator;
        List<String> lines = new ArrayList<>();
        for (String s : List.of(err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8))) {
            s.replace(prefix, "").lines().map(String::stripTrailing).forEach(lines::add);
        }
        return new Run(exit, lines);
    }

    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder t = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : s.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(ch) && !quoted) {
                if (any) {
                    out.add(t.toString());
                }
                t.setLength(0);
                any = false;
            } else {
                t.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void commandsRunAsShown() {
        String help = run(CLI + "--help").output().stream().collect(Collectors.joining("\n"));
        List<String> problems = new ArrayList<>();
        int ran = 0;
        for (Block b : blocks()) {
            if (b.distributionTest() || b.marked("not-tested:")) {
                continue;
            }
            if (b.info().equals("console")) {
                ran += transcript(b, problems);
                continue;
            }
            for (String line : commandLines(b)) {
                if (!isCli(line)) {
                    continue;
                }
                if (isSynopsis(line)) {
                    Matcher option = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(line);
                    while (option.find()) {
                        if (!help.contains(option.group() + " ") && !help.contains(option.group() + "]")) {
                            problems.add(b.where() + ": " + option.group() + " is not an option of the command line");
                        }
                    }
                    continue;
                }
                Run r = run(line);
                ran++;
                if (r.exit() == 2) {
                    problems.add(b.where() + ": `" + line.strip() + "` exits with 2:\n" + String.join("\n", r.output()));
                }
            }
        }
        String cli = String.join("\n", doc("cli.md").lines());
        Matcher option = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(help);
        while (option.find()) {
            if (!cli.contains("`" + option.group()) && !cli.contains(option.group() + " ")) {
                problems.add("cli.md does not document " + option.group());
            }
        }
        assertTrue(ran >= 8, "the docs' commands were found and run: " + ran);
        assertEquals(List.of(), problems);
    }

    /** Runs the commands of a console block and compares their output; returns how many ran. */
    static int transcript(Block b, List<String> problems) {
        int ran = 0;
        Integer lastExit = null;
        List<String> lines = b.lines();
        for (int i = 0; i < lines.size(); ) {
            String line = lines.get(i);
            if (!line.startsWith("$ ")) {
                problems.add(b.where() + ": console output without a command: " + line);
                i++;
                continue;
            }
            String command = line.substring(2);
            List<String> expected = new ArrayList<>();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).startsWith("$ "); j++) {
                expected.add(lines.get(j).stripTrailing());
            }
            List<String> actual;
            if (command.strip().equals("echo $?")) {
                actual = lastExit == null ? List.of("(no command before)") : List.of(Integer.toString(lastExit));
            } else if (isCli(command)) {
                Run r = run(command);
                ran++;
                lastExit = r.exit();
                actual = r.output();
            } else {
                problems.add(b.where() + ": console commands are the certgate command line and `echo $?`, not: " + command);
                i = j;
                continue;
            }
            if (!matches(expected, actual)) {
                problems.add(b.where() + ": `" + command + "` printed\n" + String.join("\n", actual)
                        + "\n--- but the doc shows\n" + String.join("\n", expected));
            }
            i = j;
        }
        return ran;
    }

    /** Whether lines match the expected ones, where … stands for any text, and a line of … for any lines. */
    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals("…")) {
            for (int k = a; k <= actual.size(); k++) {
                if (matches(expected, e + 1, actual, k)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    static boolean lineMatches(String expected, String actual) {
        String regex = Arrays.stream(expected.stripTrailing().split("…", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*?"));
        return Pattern.compile(regex, Pattern.DOTALL).matcher(actual.stripTrailing()).matches();
    }

    // ---------------------------------------------------------------------------------------------------------
    // XML and Java

    @Test
    void xmlBlocksAreWellFormedAndNameOnlyRealCertgateClassesAndAttributes() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<String> settings = new LinkedHashSet<>(ContainerSettings.names());
        for (Block b : blocks()) {
            if (!b.info().equals("xml") || b.marked("not-tested:")) {
                continue;
            }
            String text = b.text().replaceFirst("<\\?xml[^>]*\\?>", "");
            Element root;
            try {
                root = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(("<fragment>" + text + "</fragment>").getBytes(StandardCharsets.UTF_8)))
                        .getDocumentElement();
            } catch (Exception e) {
                problems.add(b.where() + ": not well-formed XML: " + e.getMessage());
                continue;
            }
            NodeList all = root.getElementsByTagName("*");
            for (int i = 0; i < all.getLength(); i++) {
                Element el = (Element) all.item(i);
                String className = el.getAttribute("className");
                if (className.startsWith("io.certgate.")) {
                    if (sourceOf(className).isEmpty()) {
                        problems.add(b.where() + ": no class " + className);
                    }
                    NamedNodeMap attributes = el.getAttributes();
                    for (int k = 0; k < attributes.getLength(); k++) {
                        String name = attributes.item(k).getNodeName();
                        boolean known = name.equals("className") || name.equals("rules") || settings.contains(name)
                                || (name.equals("requiredRole") && className.endsWith("CertGateValve"))
                                || (name.equals("trustForwardedCertificates") && className.startsWith("io.certgate.tomcat."));
                        if (!known) {
                            problems.add(b.where() + ": " + className + " has no attribute " + name);
                        }
                        if (settings.contains(name)) {
                            SettingKey.byKey(name).orElseThrow().check(attributes.item(k).getNodeValue())
                                    .ifPresent(p -> problems.add(b.where() + ": " + p));
                        }
                    }
                }
                if (el.getTagName().equals("param-name") && el.getTextContent().strip().startsWith("certgate.")) {
                    if (!el.getTextContent().strip().equals(RulesLocation.CONTEXT_PARAM)) {
                        problems.add(b.where() + ": certgate reads no context-param " + el.getTextContent().strip());
                    }
                    NodeList values = ((Element) el.getParentNode()).getElementsByTagName("param-value");
                    try {
                        RulesLocation.parse(values.item(0).getTextContent(), "docs");
                    } catch (RulesException e) {
                        problems.add(b.where() + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    static Optional<Path> sourceOf(String className) {
        String file = className.replace('.', '/') + ".java";
        return MAIN_SOURCES.stream().map(s -> s.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    @Test
    void javaBlocksCompile() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "a JDK runs the tests");
        String classPath = Stream.of(CertGate.class, com.github.benmanes.caffeine.cache.Caffeine.class)
                .map(c -> Path.of(uri(c)).toString())
                .collect(Collectors.joining(java.io.File.pathSeparator, "", java.io.File.pathSeparator))
                + System.getProperty("java.class.path");
        List<String> problems = new ArrayList<>();
        int compiled = 0;
        for (Block b : blocks()) {
            if (!b.info().equals("java") || b.marked("not-tested:")) {
                continue;
            }
            Matcher m = Pattern.compile("public (?:final )?class (\\w+)").matcher(b.text());
            if (!m.find()) {
                problems.add(b.where() + ": a java block is a whole class, so that it compiles as written");
                continue;
            }
            Path dir = Files.createDirectories(folder.resolve("java").resolve(b.doc() + "-" + b.line()));
            Path source = Files.writeString(dir.resolve(m.group(1) + ".java"), b.text());
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = javac.run(null, null, err, "-proc:none", "-cp", classPath, "-d", dir.toString(), source.toString());
            compiled++;
            if (exit != 0) {
                problems.add(b.where() + ": does not compile:\n" + err.toString(StandardCharsets.UTF_8));
            }
        }
        assertTrue(compiled >= 1, "a java block was compiled");
        assertEquals(List.of(), problems);
    }

    static java.net.URI uri(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // links, anchors, settings

    @Test
    void linksBetweenChaptersAndTheirAnchorsResolve() {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> anchors = new HashMap<>();
        for (Doc d : docs) {
            anchors.put(d.name(), anchors(d));
        }
        for (Doc d : docs) {
            for (String line : d.prose()) {
                Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                    String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                    String targetDoc = file.isEmpty() ? d.name() : file;
                    Path path = DOCS.resolve(targetDoc).normalize();
                    if (!Files.exists(path)) {
                        problems.add(d.name() + ": link to " + target + ": no such file");
                        continue;
                    }
                    if (anchor != null) {
                        Set<String> known = anchors.get(path.getFileName().toString());
                        if (known == null || !path.getParent().equals(DOCS.normalize())) {
                            problems.add(d.name() + ": link to " + target + ": anchors are checked in docs/ only");
                        } else if (!known.contains(anchor)) {
                            problems.add(d.name() + ": link to " + target + ": no heading makes the anchor #" + anchor);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(Doc d) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : d.prose()) {
            Matcher h = Pattern.compile("^#{1,6}\\s+(.*?)\\s*$").matcher(line);
            if (!h.matches()) {
                continue;
            }
            String text = h.group(1).replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            out.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return out;
    }

    @Test
    void everySettingNamedInTheDocsExists() {
        Pattern setting = Pattern.compile("(?<![\\w.'])(?:certgate\\.)?(revocation\\.[a-z][a-z0-9.-]*[a-z0-9])(?!\\.md)(?![\\w-])");
        Pattern property = Pattern.compile("(?<![\\w.])certgate\\.([a-z][a-z.-]*[a-z])=");
        List<String> problems = new ArrayList<>();
        for (Doc d : docs) {
            int n = 0;
            for (String line : d.lines()) {
                n++;
                Matcher m = setting.matcher(line);
                while (m.find()) {
                    if (!m.group(1).endsWith(".md") && SettingKey.byKey(m.group(1)).isEmpty()) {
                        problems.add(d.name() + ":" + n + ": no setting " + m.group(1));
                    }
                }
                Matcher p = property.matcher(line);
                while (p.find()) {
                    if (!p.group(1).equals("rules") && !ContainerSettings.names().contains(p.group(1))) {
                        problems.add(d.name() + ":" + n + ": the Jetty module has no property certgate." + p.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // audit records

    @Test
    void auditRecordsAreTheOnesCertgateWrites() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Block b : blocks()) {
            if (b.marked("audit:")) {
                String[] files = b.markerValue().split("\\s+");
                Path rules = folder.resolve(files[0]);
                CertGate gate = Configuration.build(RuleSet.load(rules), rules.getParent(), Map.of(), Clock.systemUTC(), RUNTIME,
                        Runnable::run);
                String record = auditOf(gate, chain(folder.resolve(files[1])));
                List<String> shown = b.lines().stream().filter(l -> !l.isBlank()).toList();
                if (shown.size() != 1 || !lineMatches(shown.get(0), record)) {
                    problems.add(b.where() + ": certgate writes\n" + record + "\n--- but the doc shows\n" + b.text());
                }
                checked++;
            } else if (b.marked("audit-shape")) {
                for (String line : b.lines()) {
                    if (!line.isBlank()) {
                        auditShape(line).ifPresent(p -> problems.add(b.where() + ": " + p + ": " + line));
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 4, "audit examples found: " + checked);
        assertEquals(List.of(), problems);
    }

    static String auditOf(CertGate gate, X509Certificate[] chain) {
        synchronized (records) {
            records.clear();
        }
        gate.decide(chain);
        synchronized (records) {
            List<String> audit = records.stream().filter(r -> r.startsWith("outcome=")).toList();
            assertEquals(1, audit.size(), "one audit record: " + records);
            return audit.get(0);
        }
    }

    static X509Certificate[] chain(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        }
    }

    static final List<String> AUDIT_FIELDS = List.of("outcome", "reason", "principal", "roles", "rules_matched", "subject",
            "issuer", "serial", "sha256", "revocation", "rules", "message");

    /** What is wrong with the fields of an audit line, if anything. */
    static Optional<String> auditShape(String line) {
        Matcher field = Pattern.compile("([a-z_0-9]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)(?: |$)").matcher(line);
        Map<String, String> fields = new LinkedHashMap<>();
        int at = 0;
        while (field.find()) {
            if (field.start() != at) {
                return Optional.of("unreadable at column " + (at + 1));
            }
            fields.put(field.group(1), field.group(2));
            at = field.end();
        }
        if (at != line.length()) {
            return Optional.of("unreadable at column " + (at + 1));
        }
        List<String> keys = new ArrayList<>(fields.keySet());
        List<String> order = AUDIT_FIELDS.stream().filter(keys::contains).toList();
        if (!order.equals(keys)) {
            return Optional.of("fields " + keys + " are not fields of a record in the order " + AUDIT_FIELDS);
        }
        String outcome = fields.get("outcome");
        if (!"authenticated".equals(outcome) && !"denied".equals(outcome)) {
            return Optional.of("outcome is authenticated or denied");
        }
        boolean denied = outcome.equals("denied");
        if (denied != fields.containsKey("reason") || (denied && fields.containsKey("principal"))) {
            return Optional.of("a denied record has a reason and no principal, an authenticated one the reverse");
        }
        if (denied && Arrays.stream(DenialReason.values()).noneMatch(r -> r.name().equals(fields.get("reason")))) {
            return Optional.of("no denial reason " + fields.get("reason"));
        }
        if (denied && (!"\"\"".equals(fields.get("roles")) || !"none".equals(fields.get("rules_matched")))) {
            return Optional.of("a denied record has roles=\"\" and rules_matched=none");
        }
        if (!fields.getOrDefault("rules_matched", "none").matches("none|\\d+(,\\d+)*")) {
            return Optional.of("rules_matched is none or line numbers");
        }
        if (fields.containsKey("revocation") && !fields.get("revocation").matches("GOOD|REVOKED|UNKNOWN")) {
            return Optional.of("revocation is GOOD, REVOKED or UNKNOWN");
        }
        for (String hex : List.of("serial", "sha256")) {
            if (fields.containsKey(hex) && !fields.get(hex).matches("[0-9a-f]*…?")) {
                return Optional.of(hex + " is lower-case hex");
            }
        }
        for (String quoted : List.of("principal", "roles", "subject", "issuer", "rules", "message")) {
            if (fields.containsKey(quoted) && !fields.get(quoted).startsWith("\"")) {
                return Optional.of(quoted + " is quoted");
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // troubleshooting

    /** A web application for {@link Configuration#forWebApplication}, with files in the command folder. */
    record App(String name, String rules, Map<String, byte[]> packed) implements WebApplication {
        @Override
        public Optional<String> initParameter(String param) {
            return param.equals(RulesLocation.CONTEXT_PARAM) ? Optional.ofNullable(rules) : Optional.empty();
        }

        @Override
        public Optional<Path> realPath(String path) {
            return Optional.empty();
        }

        @Override
        public Optional<InputStream> resource(String path) {
            return Optional.ofNullable(packed.get(path)).map(ByteArrayInputStream::new);
        }
    }

    /** Messages certgate writes in the situations troubleshooting.md describes, produced for real. */
    static List<String> scenarios() throws Exception {
        Path dir = Files.createDirectories(folder.resolve("scenarios"));
        Path example = folder.resolve("core/target/example");
        X509Certificate[] alice = chain(example.resolve("alice.pem"));
        X509Certificate[] mallory = chain(example.resolve("mallory.pem"));
        Files.writeString(dir.resolve("text.pem"), "not a certificate");
        Files.writeString(dir.resolve("empty.pem"), "");
        Files.writeString(dir.resolve("two.pem"), Files.readString(example.resolve("ca.pem"))
                + Files.readString(example.resolve("issuing-ca.pem")));
        Files.write(dir.resolve("big.crl"), new byte[2048]);
        List<String> out = new ArrayList<>();
        List<String> rulesTexts = List.of(
                "role a when true\n\u00e9\n",
                "principal = subject.cn\nprincipal = subject\n",
                "revocation.timeout = 0s\n",
                "revocation.mode = ocsp-only\n",
                "bogus = 1\n",
                "revocation.timeot = 5s\n",
                "revocation.timeout = 5 s\n",
                "role a when true\n\n  and false\n",
                "revocation.issuers = missing.pem\n",
                "revocation.issuers = empty.pem\n",
                "revocation.issuers = text.pem\n",
                "revocation.ocsp.responder-cert = two.pem\n",
                "revocation.ocsp.responder-override = true\n");
        int n = 0;
        for (String text : rulesTexts) {
            Path file = dir.resolve("r" + n++ + ".rules");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (text.contains("\u00e9")) {
                bytes = text.replace("\u00e9", "x").getBytes(StandardCharsets.UTF_8);
                bytes[bytes.length - 2] = (byte) 0xe9;
            }
            Files.write(file, bytes);
            try {
                Configuration.build(RuleSet.load(file), dir, Map.of(), Clock.systemUTC(), RUNTIME, Runnable::run);
                fail("the rules are wrong: " + text);
            } catch (RulesException e) {
                e.errors().forEach(er -> out.add(er.toString()));
            }
        }
        List<App> apps = List.of(
                new App("/shop", null, Map.of()),
                new App("/shop", "rules/app.rules", Map.of()),
                new App("/shop", dir.resolve("missing.rules").toString(), Map.of()),
                new App("/shop", "/WEB-INF/certgate.rules", Map.of("/WEB-INF/certgate.rules",
                        "revocation.crl.files = \"crls/*.crl\"\n".getBytes(StandardCharsets.UTF_8))));
        for (App app : apps) {
            try {
                Configuration.forWebApplication(app, new ContainerSettings(), RUNTIME);
                fail("the web application has no usable rules: " + app);
            } catch (RulesException e) {
                e.errors().forEach(er -> out.add(er.toString()));
            }
        }
        for (Map<String, String> container : List.of(Map.of("revocation.timeout", "0s"), Map.of("principal", "x"),
                Map.of("revocation.tiemout", "5s"))) {
            ContainerSettings settings = new ContainerSettings();
            container.forEach(settings::set);
            out.addAll(settings.problems());
            settings.setRules("relative.rules");
            try {
                Configuration.forWebApplication(new App("/shop", null, Map.of()), settings, RUNTIME);
            } catch (RulesException e) {
                e.errors().forEach(er -> out.add(er.toString()));
            }
            try {
                Configuration.build(RuleSet.parse("x.rules", ""), dir, container, Clock.systemUTC(), RUNTIME, Runnable::run);
            } catch (RulesException e) {
                e.errors().forEach(er -> out.add(er.toString()));
            }
        }
        // decisions and the log lines they cause
        List<String> decisions = List.of(
                "role x when false\n",
                "principal = san.upn\n",
                "revocation.on-unknown = allow\nrevocation.mode = crl\n",
                "revocation.mode = crl\nrevocation.crl.files = \"../core/target/example/issuing-ca.crl\"\n",
                "revocation.mode = crl\n",
                "revocation.mode = crl\nrevocation.crl.files = \"nowhere/*.crl\"\n",
                "revocation.mode = crl\nrevocation.crl.files = \"big.crl\"\nrevocation.crl.max-bytes = 1KiB\n");
        for (String text : decisions) {
            synchronized (records) {
                records.clear();
            }
            Path file = Files.writeString(dir.resolve("d" + n++ + ".rules"), text);
            CertGate gate = Configuration.build(RuleSet.load(file), dir, Map.of(), Clock.systemUTC(), RUNTIME, Runnable::run);
            gate.decide(alice);
            gate.decide(mallory);
            gate.decide(new X509Certificate[] {alice[0]});
            gate.decide(null);
            synchronized (records) {
                out.addAll(records);
            }
        }
        synchronized (records) {
            records.clear();
        }
        // CN=a followed by an empty RDN: the JDK reads the certificate, certgate refuses its names
        TestCertificate ca = TestCertificate.builder().subject("CN=Example Issuing CA,O=Example").ca(0).build();
        TestCertificate unreadable = TestCertificate.builder().signedBy(ca).subject(new byte[] {
                0x30, 0x0e, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 0x61, 0x31, 0x00}).build();
        CertGate.builder().rules(RuleSet.parse("x.rules", "")).build()
                .decide(new X509Certificate[] {unreadable.certificate(), ca.certificate()});
        TestCertificate backtracking = TestCertificate.builder().signedBy(ca).subject("CN=" + "a".repeat(40) + "!").build();
        CertGate.builder().rules(RuleSet.parse("x.rules", "principal = subject.cn\nrole a when subject.cn ~ \"(.*a){20}b\""))
                .build().decide(new X509Certificate[] {backtracking.certificate(), ca.certificate()});
        TestCertificate spelling = TestCertificate.builder().signedBy(ca).subject("CN=spiffe://example.org/x").build();
        CertGate.builder().rules(RuleSet.parse("x.rules", "principal = spiffe-id, subject.cn"))
                .build().decide(new X509Certificate[] {spelling.certificate(), ca.certificate()});
        for (String when : List.of("2999-01-01T00:00:00Z", "1970-01-01T00:00:00Z")) {
            CertGate.builder().rules(RuleSet.parse("x.rules", "")).clock(Clock.fixed(Instant.parse(when), ZoneOffset.UTC))
                    .build().decide(alice);
        }
        synchronized (records) {
            out.addAll(records);
        }
        return out;
    }

    @Test
    void theTroubleshootingIndexIsWhatTheCodeWrites() throws Exception {
        Doc doc = doc("troubleshooting.md");
        String text = String.join("\n", doc.lines());
        List<String> problems = new ArrayList<>();
        for (DenialReason r : DenialReason.values()) {
            if (!text.contains("reason=" + r.name())) {
                problems.add("troubleshooting.md does not index reason=" + r.name());
            }
            if (!String.join("\n", doc("audit.md").lines()).contains("`" + r.name() + "`")) {
                problems.add("audit.md does not list " + r.name());
            }
            if (!String.join("\n", doc("operations.md").lines()).contains("| `" + r.name() + "` |")) {
                problems.add("operations.md does not list " + r.name());
            }
        }
        Set<String> causes = new TreeSet<>();
        for (String line : doc.prose()) {
            Matcher row = Pattern.compile("^\\| `([A-Z_]+)` \\| (.*?) \\| .* \\|$").matcher(line);
            if (!row.matches()) {
                continue;
            }
            causes.add(row.group(1));
            Matcher span = Pattern.compile("`([^`]+)`").matcher(row.group(2));
            while (span.find()) {
                if (literals().stream().noneMatch(l -> l.contains(span.group(1)))) {
                    problems.add("troubleshooting.md: " + row.group(1) + ": no message of the code contains '"
                            + span.group(1) + "'");
                }
            }
        }
        Set<String> all = Arrays.stream(UnknownCause.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, causes, "troubleshooting.md has a row for every UNKNOWN cause");
        Set<String> inRevocationMd = new TreeSet<>();
        for (String line : doc("revocation.md").prose()) {
            Matcher row = Pattern.compile("^\\| `([A-Z_]+)` \\|").matcher(line);
            if (row.find()) {
                inRevocationMd.add(row.group(1));
            }
        }
        assertTrue(inRevocationMd.containsAll(all), "revocation.md lists every UNKNOWN cause: " + inRevocationMd);

        List<String> produced = scenarios();
        List<String> bySource = new ArrayList<>();
        List<String> byScenario = new ArrayList<>();
        for (String heading : indexedMessages()) {
            Pattern p = Pattern.compile("(?:.*? )?" + toRegex(heading), Pattern.DOTALL);
            if (produced.stream().anyMatch(m -> p.matcher(m).matches())) {
                byScenario.add(heading);
                continue;
            }
            List<String> missing = new ArrayList<>();
            for (String fragment : PLACEHOLDER.split(heading)) {
                String f = fragment.replaceAll("^[\\s:;,.]+|[\\s:;,.]+$", "");
                Matcher reason = Pattern.compile("reason=([A-Z_]+)").matcher(f);
                if (reason.matches()) {
                    if (Arrays.stream(DenialReason.values()).noneMatch(r -> r.name().equals(reason.group(1)))) {
                        missing.add(f);
                    }
                    continue;
                }
                String fixed = f.replaceFirst("^message=\"", "");
                if (fixed.length() >= 3 && literals().stream().noneMatch(l -> l.contains(fixed))) {
                    missing.add(f);
                }
            }
            if (missing.isEmpty()) {
                bySource.add(heading);
            } else {
                problems.add("troubleshooting.md: `" + heading + "` is neither written by a scenario nor in the code: "
                        + missing);
            }
        }
        System.out.println("troubleshooting messages written by a scenario: " + byScenario.size());
        System.out.println("troubleshooting messages checked against the sources only (written by adapters, logs or "
                + "the network):\n  " + String.join("\n  ", bySource));

        Pattern[] index = indexedMessages().stream().map(h -> Pattern.compile(toRegex(h))).toArray(Pattern[]::new);
        for (Block b : blocks()) {
            if (!b.info().equals("log")) {
                continue;
            }
            for (String line : b.lines()) {
                if (!line.isBlank() && Arrays.stream(index).noneMatch(p -> p.matcher(line.strip()).matches())) {
                    problems.add(b.where() + ": this log line is not indexed in troubleshooting.md: " + line.strip());
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The messages of troubleshooting.md's {@code ###} headings: code spans, with the text between them as … */
    static List<String> indexedMessages() {
        List<String> out = new ArrayList<>();
        for (String line : doc("troubleshooting.md").prose()) {
            if (!line.startsWith("### `")) {
                continue;
            }
            List<String> spans = new ArrayList<>();
            Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
            while (span.find()) {
                spans.add(span.group(1));
            }
            out.add(String.join("…", spans));
        }
        assertTrue(out.size() >= 30, "troubleshooting.md indexes its messages as ### `message` headings");
        return out;
    }

    static String toRegex(String message) {
        Matcher m = PLACEHOLDER.matcher(message);
        StringBuilder sb = new StringBuilder();
        int at = 0;
        while (m.find()) {
            sb.append(Pattern.quote(message.substring(at, m.start()))).append(".+?");
            at = m.end();
        }
        return sb.append(Pattern.quote(message.substring(at))).toString();
    }

    static List<String> literals;

    /** The string literals of the main sources of core and the adapters, unescaped. */
    static synchronized List<String> literals() {
        if (literals == null) {
            List<String> out = new ArrayList<>();
            Pattern literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
            for (Path root : MAIN_SOURCES) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                        String source = Files.readString(f).replaceAll("'(?:[^'\\\\]|\\\\.)'", "''");
                        Matcher m = literal.matcher(source);
                        while (m.find()) {
                            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            literals = out;
        }
        return literals;
    }

    // ---------------------------------------------------------------------------------------------------------
    // figures

    /** Measured figures quoted outside benchmarks.md are the ones it reports, with the commands that reproduce them. */
    @Test
    void measuredFiguresAreThoseOfTheBenchmarks() {
        String benchmarks = String.join("\n", doc("benchmarks.md").lines());
        Pattern figure = Pattern.compile("\\d[\\d,.]* ± [\\d,.]+ (?:ns|µs|ms)(?:/op)?|\\d+\\.\\d MB");
        List<String> problems = new ArrayList<>();
        int found = 0;
        for (Doc d : docs) {
            if (d.foreign()) {
                continue;
            }
            for (String line : d.lines()) {
                Matcher m = figure.matcher(line);
                while (m.find()) {
                    found++;
                    String f = m.group().replace("/op", "");
                    if (!benchmarks.contains(f)) {
                        problems.add(d.name() + ": " + f + " is not a figure of benchmarks.md");
                    }
                }
            }
        }
        assertTrue(found >= 8, "figures found: " + found);
        assertEquals(List.of(), problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // security.md

    @Test
    void theUnicodeExamplesAreHowNamesCompare() {
        List<String> lines = doc("security.md").lines();
        int start = lines.indexOf("<!-- prepared-table -->");
        assertTrue(start >= 0, "security.md has the table");
        Matcher header = Pattern.compile("equals `\"([^\"]+)\"`").matcher(lines.get(start + 1));
        assertTrue(header.find(), lines.get(start + 1));
        String rule = StringPrep.prepare(header.group(1));
        int rows = 0;
        for (int i = start + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            Matcher row = Pattern.compile("^\\| `([^`]+)`.*\\| (yes|no) \\|$").matcher(lines.get(i));
            assertTrue(row.matches(), lines.get(i));
            assertEquals(row.group(2).equals("yes"), StringPrep.prepare(row.group(1)).equals(rule), lines.get(i));
            rows++;
        }
        assertTrue(rows >= 3);
    }
}
