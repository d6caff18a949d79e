package studio.magi.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import studio.magi.render.farm.FarmException;
import studio.magi.render.farm.FarmJobs;

/** {@code ./magi farm status|cancel PROJECT}: a project's jobs on its clusters. */
@Command(name = "farm", mixinStandardHelpOptions = true,
        description = "A project's render jobs on clusters (docs/FARM.md): list them, or cancel them.",
        subcommands = {FarmCommand.Status.class, FarmCommand.Cancel.class})
final class FarmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(PrintWriter out, List<FarmJobs.Job> jobs, boolean states) {
        for (FarmJobs.Job j : jobs) {
            out.printf("%-10s %-12s %-28s %s%n", j.cluster(), j.id(), j.what(), states ? j.state() : "");
        }
        out.flush();
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Lists the project's farm jobs not yet seen to end: cluster, job id, what it renders, state.")
    static final class Status implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "PROJECT", description = "the project folder")
        Path project;

        @CommandLine.Mixin
        ClustersOption clusters;

        @Override
        public void run() {
            try {
                List<FarmJobs.Job> jobs = new FarmJobs(project, clusters.config()).list();
                if (jobs.isEmpty()) {
                    spec.commandLine().getOut().println("no farm jobs for " + project);
                }
                print(spec.commandLine().getOut(), jobs, true);
            } catch (FarmException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels the project's farm jobs (all, or those named) and forgets them. What they rendered",
                "stays in renders/; the rest renders anew when asked."})
    static final class Cancel implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PROJECT", description = "the project folder")
        Path project;

        @Parameters(index = "1..*", paramLabel = "JOB", description = "job ids, as farm status lists them (none: all)")
        List<String> ids = List.of();

        @CommandLine.Mixin
        ClustersOption clusters;

        @Override
        public void run() {
            try {
                List<FarmJobs.Job> cancelled = new FarmJobs(project, clusters.config()).cancel(ids);
                spec.commandLine().getOut().println(cancelled.isEmpty() ? "no farm jobs to cancel"
                        : "cancelled " + cancelled.size() + (cancelled.size() == 1 ? " job:" : " jobs:"));
                print(spec.commandLine().getOut(), cancelled, false);
            } catch (FarmException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
    }
}
