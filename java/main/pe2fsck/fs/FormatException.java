package pe2fsck.fs;

/** The device does not hold a usable ext2/3/4 file system; the message says why, in one line. */
public class FormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }
}
