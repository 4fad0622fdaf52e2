package pe2fsck.problem;

/** The question a problem asks; printed after its message, answered by the run mode. */
public enum Prompt {
    NONE(""),
    FIX("Fix"),
    CLEAR("Clear"),
    RELOCATE("Relocate"),
    ALLOCATE("Allocate"),
    EXPAND("Expand"),
    CONNECT("Connect to /lost+found"),
    CREATE("Create"),
    SALVAGE("Salvage"),
    TRUNCATE("Truncate"),
    CLEAR_INODE("Clear inode"),
    ABORT("Abort"),
    SPLIT("Split"),
    CONTINUE("Continue"),
    CLONE("Clone multiply-claimed blocks"),
    DELETE("Delete file"),
    SUPPRESS("Suppress messages"),
    UNLINK("Unlink"),
    CLEAR_HTREE("Clear HTree index"),
    RECREATE("Recreate"),
    OPTIMIZE("Optimize"),
    CLEAR_FLAG("Clear flag");

    private final String text;

    Prompt(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
