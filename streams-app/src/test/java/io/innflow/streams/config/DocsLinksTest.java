package io.innflow.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documents read as one: every relative link in README.md and docs/*.md points at a
 * file that exists and, with a {@code #fragment}, at a heading of it; no document has two headings with
 * the same anchor (a section pasted twice, or a link that lands on the wrong one). Anchors are GitHub's:
 * lower case, punctuation other than {@code -} and {@code _} dropped, spaces as {@code -}.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void shouldGiveEveryHeadingOfADocumentItsOwnAnchor() throws IOException {
        List<String> repeated = new ArrayList<>();
        for (Path doc : documents()) {
            Set<String> seen = new HashSet<>();
            for (String anchor : anchors(doc)) {
                if (!seen.add(anchor)) {
                    repeated.add(ROOT.relativize(doc) + "#" + anchor);
                }
            }
        }
        assertThat(repeated).as("headings that appear twice in one document").isEmpty();
    }

    @Test
    void shouldPointEveryRelativeLinkAtAFileAndAHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher link = LINK.matcher(withoutCodeBlocks(Files.readAllLines(doc)));
            while (link.find()) {
                String target = link.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target + " (no such file)");
                } else if (hash >= 0
                        && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(doc) + " -> " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("links in the documents").isEmpty();
    }

    @Test
    void shouldMakeAnchorsAsGitHubDoes() {
        assertThat(anchor("Again at 1,000 hotels in a 1 GiB heap (2026-12-03 17:05, quiet machine)"))
                .isEqualTo("again-at-1000-hotels-in-a-1-gib-heap-2026-12-03-1705-quiet-machine");
        assertThat(anchor("Build: `./mvnw verify`")).isEqualTo("build-mvnw-verify");
        assertThat(anchor("CPU per answer, and the Streams producer's linger"))
                .isEqualTo("cpu-per-answer-and-the-streams-producers-linger");
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static List<String> anchors(Path doc) throws IOException {
        List<String> anchors = new ArrayList<>();
        for (String line : withoutCodeBlocks(Files.readAllLines(doc)).split("\n")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                anchors.add(anchor(heading.group(1)));
            }
        }
        return anchors;
    }

    static String anchor(String heading) {
        return heading.strip()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                .replace(' ', '-');
    }

    private static String withoutCodeBlocks(List<String> lines) {
        StringBuilder text = new StringBuilder();
        boolean inCode = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }
}
