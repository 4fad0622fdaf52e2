package pe2fsck.state;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Debug diagnostics (-d) of one class, through Log4j, which starts only when they are asked
 * for: Log4j's API takes about 35 ms to start (it looks for providers and property sources on
 * the class path) even when it then logs nothing, and a run without -d logs nothing.
 */
public final class DebugLog {

    private final Class<?> owner;
    private final boolean enabled;
    private Logger logger;

    /**
     * @param owner   the class the messages come from (the logger's name)
     * @param enabled false: every call does nothing and Log4j is never touched
     */
    public DebugLog(Class<?> owner, boolean enabled) {
        this.owner = owner;
        this.enabled = enabled;
    }

    /** A debug message in Log4j's {@code {}} format; a last Throwable argument is logged with its trace. */
    public void debug(String format, Object... args) {
        if (enabled) {
            logger().debug(format, args);
        }
    }

    private synchronized Logger logger() {
        if (logger == null) {
            logger = LogManager.getLogger(owner);
        }
        return logger;
    }
}
