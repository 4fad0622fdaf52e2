package pe2fsck.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Log4j switches the command line needs. */
final class Logging {

    private Logging() {
    }

    /** -d: diagnostics at DEBUG level on standard error. */
    static void enableDebug() {
        Configurator.setRootLevel(Level.DEBUG);
    }
}
