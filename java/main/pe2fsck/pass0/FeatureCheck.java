package pe2fsck.pass0;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pe2fsck.fs.Feature;
import pe2fsck.fs.Superblock;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;

/**
 * Compatible and read-only-compatible feature bits this checker does not know. The kernel may
 * mount such a file system, but a checker that does not know what a feature changes cannot vouch
 * for it: like e2fsck, the check stops before anything else with errors left (exit 12). Unknown
 * incompatible bits never get this far: opening refuses them (exit 8).
 */
final class FeatureCheck {

    private FeatureCheck() {
    }

    static void run(Pass0Context c) {
        Superblock sb = c.fs().superblock();
        int compat = Feature.unsupportedBits(Feature.Kind.COMPAT, sb.featureCompat());
        int roCompat = Feature.unsupportedBits(Feature.Kind.RO_COMPAT, sb.featureRoCompat());
        if (compat == 0 && roCompat == 0) {
            return;
        }
        List<String> names = new ArrayList<>(names(Feature.Kind.COMPAT, compat));
        names.addAll(names(Feature.Kind.RO_COMPAT, roCompat));
        c.errorsLeft();
        c.problems().ask(Finding.of(Problem.UNSUPPORTED_FEATURES).text(String.join(", ", names)).build());
    }

    private static List<String> names(Feature.Kind kind, int bits) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 32; bit++) {
            int mask = 1 << bit;
            if ((bits & mask) == 0) {
                continue;
            }
            String name = null;
            for (Feature f : Feature.values()) {
                if (f.kind() == kind && f.mask() == mask) {
                    name = f.label();
                }
            }
            out.add(name != null ? name : String.format(Locale.ROOT, "%s bit %d",
                    kind == Feature.Kind.COMPAT ? "compatible" : "read-only compatible", bit));
        }
        return out;
    }
}
