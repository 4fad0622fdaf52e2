package pe2fsck.io;

/** How a {@link BlockDevice} moves bytes; shown by {@code -v}. */
public enum IoMode {
    NATIVE_DIRECT("native shim, O_DIRECT"),
    NATIVE_BUFFERED("native shim, buffered"),
    JAVA_FALLBACK("Java FileChannel fallback (native shim not loaded)");

    private final String description;

    IoMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
