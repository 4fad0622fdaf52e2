package pe2fsck.problem;

/** The question a problem asks; printed after its message, answered by the run mode. */
public enum Prompt {
    NONE("", ""),
    FIX("Fix", "fixed"),
    CLEAR("Clear", "cleared"),
    RELOCATE("Relocate", "relocated"),
    ALLOCATE("Allocate", "allocated"),
    EXPAND("Expand", "expanded"),
    CONNECT("Connect to /lost+found", "reconnected"),
    CREATE("Create", "created"),
    SALVAGE("Salvage", "salvaged"),
    TRUNCATE("Truncate", "truncated"),
    CLEAR_INODE("Clear inode", "inode cleared"),
    ABORT("Abort", "aborted"),
    SPLIT("Split", "split"),
    CONTINUE("Continue", "continuing"),
    CLONE("Clone shared blocks", "shared blocks cloned"),
    DELETE("Delete file", "file deleted"),
    SUPPRESS("Suppress messages", "suppressed"),
    UNLINK("Unlink", "unlinked"),
    CLEAR_HTREE("Clear HTree index", "htree index cleared"),
    RECREATE("Recreate", "will be recreated"),
    OPTIMIZE("Optimize", "will be optimised"),
    CLEAR_FLAG("Clear flag", "flag cleared");

    private final String text;
    private final String done;

    Prompt(String text, String done) {
        this.text = text;
        this.done = done;
    }

    /** The question, as asked ("Fix"). */
    public String text() {
        return text;
    }

    /** What happened after a "yes", as reported under -p ("fixed"). */
    public String done() {
        return done;
    }
}
