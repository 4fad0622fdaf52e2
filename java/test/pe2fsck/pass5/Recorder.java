package pe2fsck.pass5;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import pe2fsck.problem.Finding;
import pe2fsck.problem.Problem;
import pe2fsck.problem.Problems;

/** Records every finding and answers "no", as a read-only run would. */
public final class Recorder implements Problems {

    public final List<Finding> findings = new ArrayList<>();

    @Override
    public boolean ask(Finding f) {
        findings.add(f);
        return false;
    }

    public List<Problem> problems() {
        return findings.stream().map(Finding::problem).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n"));
    }
}
