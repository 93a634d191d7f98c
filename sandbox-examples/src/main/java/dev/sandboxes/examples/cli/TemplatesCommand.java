package dev.sandboxes.examples.cli;

import dev.sandboxes.Sandboxes;
import dev.sandboxes.TemplateManager;
import dev.sandboxes.templates.TemplateBuild;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sandbox templates ls|build|rm}: the agents' templates, built ahead of time or removed. */
@Command(name = "templates", mixinStandardHelpOptions = true, description = "List, build or remove the agents' templates.",
        subcommands = {TemplatesCommand.Ls.class, TemplatesCommand.Build.class, TemplatesCommand.Rm.class})
final class TemplatesCommand {

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the templates and their builds.")
    static final class Ls implements Callable<Integer> {
        @Option(names = "--json", description = "Print a JSON array.")
        boolean json;

        @Override
        public Integer call() {
            List<TemplateManager.TemplateStatus> templates = Sandboxes.templates().list();
            if (json) {
                System.out.println(Json.write(templates.stream().map(t -> Json.ordered("name", t.name(),
                        "label", t.label(), "image", t.image(), "built", t.built(),
                        "builds", t.builds().stream().map(TemplateBuild::tag).toList())).toList()));
                return 0;
            }
            System.out.printf("%-10s %-8s %-7s %s%n", "TEMPLATE", "BUILT", "BUILDS", "IMAGE");
            for (TemplateManager.TemplateStatus t : templates) {
                System.out.printf("%-10s %-8s %-7d %s%n", t.name(), t.built() ? "yes" : "no", t.builds().size(), t.image());
            }
            return 0;
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true, description = "Build an agent's template now, unless built.")
    static final class Build implements Callable<Integer> {
        @Option(names = {"-q", "--quiet"}, description = "Print no progress.")
        boolean quiet;

        @Parameters(arity = "1..*", paramLabel = "AGENT", description = "claude, gemini, codex, shell, or a template: base.")
        List<String> agents = new ArrayList<>();

        @Override
        public Integer call() {
            TemplateManager templates = Sandboxes.templates();
            Progress progress = Progress.onStandardError(quiet);
            try {
                for (String agent : agents) {
                    String name = agent.equals("shell") ? "base" : agent;
                    String image = templates.build(name, progress::onTemplateProgress);
                    progress.endLine();
                    System.out.println(image);
                }
                return 0;
            } finally {
                progress.endLine();
            }
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove every build of templates (not while a sandbox uses one).")
    static final class Rm implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "TEMPLATE", description = "Template names: claude, gemini, codex, base.")
        List<String> names = new ArrayList<>();

        @Override
        public Integer call() {
            TemplateManager templates = Sandboxes.templates();
            for (String name : names) {
                templates.remove(name);
                System.out.println(name);
            }
            return 0;
        }
    }
}
