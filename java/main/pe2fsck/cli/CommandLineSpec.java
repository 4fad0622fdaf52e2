package pe2fsck.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line's options as a picocli model built in code. Picocli's annotations would do
 * the same by reflection, and reading them costs every run about 40 ms of start-up (annotation
 * proxies and generated accessors are classes the class-data archive cannot hold), on a tool
 * whose whole run on a small file system takes a few hundred.
 */
final class CommandLineSpec {

    private CommandLineSpec() {
    }

    /** A parser for pe2fsck's options, clustered as getopt allows ({@code -fn}, {@code -C0}). */
    static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name("pe2fsck");
        spec.usageMessage()
                .description("Check and repair an ext2/ext3/ext4 file system, in parallel.")
                .sortOptions(false)
                .autoWidth(false);
        spec.addOption(flag("Repair what is safe without asking (preen).", "-p", "-a"));
        spec.addOption(flag("Open read-only and answer no to every question.", "-n"));
        spec.addOption(flag("Answer yes to every question.", "-y"));
        spec.addOption(flag("Check even if the file system looks clean.", "-f"));
        spec.addOption(flag("Verbose output.", "-v"));
        spec.addOption(OptionSpec.builder("-t").type(boolean[].class).auxiliaryTypes(boolean.class).arity("0")
                .description("Print timing statistics (repeatable).").build());
        spec.addOption(valued("-C", Integer.class, "fd",
                "Progress: lines on fd (> 0), a bar on standard output (0), lines on -fd after SIGUSR1 (< 0)."));
        spec.addOption(valued("-b", Long.class, "superblock", "Use the superblock at this block."));
        spec.addOption(valued("-B", Integer.class, "blocksize", "Block size to look for the superblock with."));
        spec.addOption(valued("-j", String.class, "external_journal", "External journal device."));
        spec.addOption(OptionSpec.builder("-E").type(List.class).auxiliaryTypes(String.class).arity("1")
                .paramLabel("extended_options")
                .description("Comma-separated: readahead_kb=N, merge_gap_kb=N, hint_ahead=N, io_depth=N, "
                        + "prefetch_dirs_mb=N, direct, buffered.")
                .build());
        spec.addOption(valued("-z", String.class, "undo_file", "Save overwritten blocks to this undo file (e2undo format)."));
        spec.addOption(valued("-m", Integer.class, "threads",
                "Pass-1 worker threads (default: processors, more on a deep-queue device)."));
        spec.addOption(flag("Debug logging on standard error.", "-d"));
        spec.addOption(flag("Ignored, as e2fsck ignores it (compatibility).", "-r"));
        for (String letter : Main.REFUSED_FLAGS.keySet()) {
            spec.addOption(OptionSpec.builder(letter).type(boolean.class).arity("0").hidden(true).build());
        }
        for (String letter : Main.REFUSED_VALUED.keySet()) {
            spec.addOption(OptionSpec.builder(letter).type(String.class).arity("1").hidden(true).build());
        }
        spec.addOption(flag("Print the version and exit.", "-V"));
        spec.addOption(flag("Print this help and exit.", "-h"));
        spec.addPositional(PositionalParamSpec.builder().type(String.class).arity("0..1").paramLabel("device")
                .description("Device or image file to check.").build());
        CommandLine cl = new CommandLine(spec);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setUnmatchedArgumentsAllowed(false);
        return cl;
    }

    /**
     * Parses {@code args} into a fresh {@link Main.Options}.
     *
     * @throws CommandLine.ParameterException on an unknown option, a missing or bad value
     */
    static Main.Options parse(CommandLine cl, String... args) {
        ParseResult r = cl.parseArgs(args);
        Main.Options o = new Main.Options();
        o.preen = r.hasMatchedOption("-p");
        o.no = r.hasMatchedOption("-n");
        o.yes = r.hasMatchedOption("-y");
        o.force = r.hasMatchedOption("-f");
        o.verbose = r.hasMatchedOption("-v");
        o.timing = r.matchedOptionValue("-t", new boolean[0]);
        o.progressFd = r.matchedOptionValue("-C", null);
        o.superblock = r.matchedOptionValue("-b", null);
        o.blockSize = r.matchedOptionValue("-B", null);
        o.journal = r.matchedOptionValue("-j", null);
        o.extended = r.matchedOptionValue("-E", new ArrayList<>());
        o.undo = r.matchedOptionValue("-z", null);
        o.threads = r.matchedOptionValue("-m", null);
        o.debug = r.hasMatchedOption("-d");
        o.version = r.hasMatchedOption("-V");
        o.help = r.hasMatchedOption("-h");
        o.device = r.matchedPositionalValue(0, null);
        for (String letter : Main.REFUSED_FLAGS.keySet()) {
            if (r.hasMatchedOption(letter) && o.refused == null) {
                o.refused = letter;
            }
        }
        for (String letter : Main.REFUSED_VALUED.keySet()) {
            if (r.hasMatchedOption(letter) && o.refused == null) {
                o.refused = letter;
            }
        }
        return o;
    }

    private static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0").description(description).build();
    }

    private static OptionSpec valued(String name, Class<?> type, String label, String description) {
        return OptionSpec.builder(name).type(type).arity("1").paramLabel(label).description(description).build();
    }
}
