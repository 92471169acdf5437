package io.innflow.infra.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Dockerfile as a list of instructions (continuation lines joined, comments dropped). */
record Dockerfile(Path file, List<Instruction> instructions) {

    record Instruction(String keyword, String arguments) {}

    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"([^\"]*)\"|(\\S+))");

    static Dockerfile parse(Path file) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : ClusterFiles.read(file).split("\n")) {
            String trimmed = line.strip();
            if (current.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (!current.isEmpty() && trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            int space = text.indexOf(' ');
            instructions.add(new Instruction(
                    text.substring(0, space).toUpperCase(),
                    text.substring(space + 1).strip()));
            current.setLength(0);
        }
        return new Dockerfile(file, instructions);
    }

    List<String> all(String keyword) {
        return instructions.stream()
                .filter(i -> i.keyword().equals(keyword))
                .map(Instruction::arguments)
                .toList();
    }

    /** The instructions of the last stage (after the last FROM). */
    Dockerfile finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return new Dockerfile(file, instructions.subList(last, instructions.size()));
    }

    String baseImage() {
        return all("FROM").get(0).split("\\s+")[0];
    }

    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String args : all("ENV")) {
            Matcher m = ENV_PAIR.matcher(args);
            while (m.find()) {
                env.put(m.group(1), m.group(3) != null ? m.group(3) : m.group(4));
            }
        }
        return env;
    }

    Map<String, String> args() {
        Map<String, String> args = new LinkedHashMap<>();
        for (String arg : all("ARG")) {
            String[] kv = arg.split("=", 2);
            args.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return args;
    }

    /** Sources of every COPY from the build context (not {@code --from} another stage). */
    List<String> contextSources() {
        List<String> sources = new ArrayList<>();
        for (String copy : all("COPY")) {
            if (copy.contains("--from=")) {
                continue;
            }
            List<String> parts = new ArrayList<>(List.of(copy.split("\\s+")));
            parts.removeIf(p -> p.startsWith("--"));
            sources.addAll(parts.subList(0, parts.size() - 1));
        }
        return sources;
    }
}
