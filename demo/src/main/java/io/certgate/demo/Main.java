package io.certgate.demo;

import java.io.PrintStream;
import java.util.List;

/**
 * The demo command, {@code java -jar demo/target/certgate-demo.jar}: see {@link Options#USAGE}. Exit status 0 when
 * every request was answered as expected, 1 on a failure or an unexpected answer, 2 on bad usage.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("certgate-demo: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        Demo demo = new Demo(options, DemoLayout.ofRunningCode(), out);
        try {
            boolean expected = demo.run();
            if (options.serve()) {
                demo.serveUntilShutdown();
            }
            return expected ? 0 : 1;
        } catch (DemoFailure e) {
            err.println("certgate-demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception | LinkageError e) {
            err.println("certgate-demo: failed: " + e);
            e.printStackTrace(err);
            return 1;
        } finally {
            demo.close();
        }
    }
}
