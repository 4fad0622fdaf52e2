package pe2fsck.cli;

import java.nio.charset.Charset;

/** The charset the JVM's standard output encodes with, for streams layered over it. */
final class ConsoleCharset {

    static final Charset STDOUT = find();

    private ConsoleCharset() {
    }

    private static Charset find() {
        for (String key : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(key);
            if (name != null) {
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException e) {
                    // fall through to the default
                }
            }
        }
        return Charset.defaultCharset();
    }
}
