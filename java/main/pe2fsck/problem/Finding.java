package pe2fsck.problem;

/**
 * One occurrence of a problem with the facts its message needs. Immutable; built off the hot
 * path only when something is wrong. Unused numeric fields are -1; unused text is null.
 *
 * @param problem what is wrong
 * @param ino     inode concerned
 * @param blk     block concerned
 * @param num     a second number (a count, an expected value, an index)
 * @param num2    a third number (the value found, when {@code num} is the expected one)
 * @param group   block group concerned
 * @param dir     directory inode (pass 2 and 3)
 * @param text    a name, path or list to print
 */
public record Finding(Problem problem, long ino, long blk, long num, long num2, long group, long dir, String text) {

    public static Builder of(Problem p) {
        return new Builder(p);
    }

    /** Fluent builder; fields left unset stay -1 / null. */
    public static final class Builder {
        private final Problem p;
        private long ino = -1;
        private long blk = -1;
        private long num = -1;
        private long num2 = -1;
        private long group = -1;
        private long dir = -1;
        private String text;

        private Builder(Problem p) {
            this.p = p;
        }

        public Builder ino(long v) { ino = v; return this; }
        public Builder blk(long v) { blk = v; return this; }
        public Builder num(long v) { num = v; return this; }
        public Builder num2(long v) { num2 = v; return this; }
        public Builder group(long v) { group = v; return this; }
        public Builder dir(long v) { dir = v; return this; }
        public Builder text(String v) { text = v; return this; }

        public Finding build() {
            return new Finding(p, ino, blk, num, num2, group, dir, text);
        }
    }
}
