package studio.magi.project.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import studio.magi.project.Project;
import studio.magi.project.Shot;

/** The JSON form of a project, with a schema version so that later versions can read and migrate older files. */
final class ProjectCodec {
    /**
     * 2: a shot's start says how many whole seconds of its video it shows ({@code chunks}). 3: a start may continue
     * another shot of the film ({@code shot}).
     */
    static final int SCHEMA_VERSION = 3;
    /** No real project comes near this; a bigger file is something else and is not read into memory. */
    static final long MAX_BYTES = 64L << 20;

    /** The file's top level: the version first, so a reader can check it before anything else. */
    record StoredProject(int schemaVersion, String name, List<Shot> shots) {
    }

    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    byte[] write(Project project) {
        try {
            return mapper.writeValueAsBytes(new StoredProject(SCHEMA_VERSION, project.name(), project.shots()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a project value could not be written as JSON", e);
        }
    }

    /** Version 1 starts knew no length: they show none of their video (the shot still continues all of it). */
    private static void fromVersion1(JsonNode root) {
        for (JsonNode shot : root.path("shots")) {
            JsonNode start = shot.get("start");
            if (start instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("chunks")) {
                o.put("chunks", 0);
            }
        }
    }

    /** Before version 3 no start continued another shot. */
    private static void toVersion3(JsonNode root) {
        for (JsonNode shot : root.path("shots")) {
            if (shot.get("start") instanceof com.fasterxml.jackson.databind.node.ObjectNode o && !o.has("shot")) {
                o.putNull("shot");
            }
        }
    }

    Project read(Path file) throws ProjectFileException {
        return read(file, readBytes(file));
    }

    /** The project in {@code bytes}, read from {@code file} (named in the messages). */
    Project read(Path file, byte[] bytes) throws ProjectFileException {
        if (bytes.length == 0) {
            throw new ProjectFileException(file + " is empty: the file was cut off, so it cannot be opened.");
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonEOFException e) {
            throw new ProjectFileException(file + " ends too early (it was cut off, perhaps by a crash), so it cannot be opened.", e);
        } catch (StreamConstraintsException e) {
            // Valid JSON past Jackson's limits (nesting 1000, numbers of 1000 digits): no project comes near them.
            throw new ProjectFileException(file + " is not a MAGI Studio project file: it holds a value nested deeper, or a"
                    + " number or text longer, than any project has.", e);
        } catch (JsonProcessingException e) {
            // Syntax errors, and what follows a complete value (FAIL_ON_TRAILING_TOKENS).
            throw new ProjectFileException(file + " is damaged: it is not valid JSON" + at(e) + ".", e);
        } catch (IOException e) {
            throw new ProjectFileException(file + " could not be read: " + FileText.shown(e.getMessage()), e);
        }
        if (root == null || !root.isObject() || !root.has("schemaVersion")) {
            throw new ProjectFileException(file + " is not a MAGI Studio project file (it has no schemaVersion).");
        }
        JsonNode version = root.get("schemaVersion");
        if (!version.canConvertToExactIntegral() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new ProjectFileException(file + " has an invalid schemaVersion: " + FileText.shown(version.toString())
                    + ".");
        }
        if (version.intValue() > SCHEMA_VERSION) {
            throw new ProjectFileException(file + " was saved by a newer MAGI Studio (schema version " + version.intValue()
                    + "; this version reads up to " + SCHEMA_VERSION + "). Update MAGI Studio to open it.");
        }
        if (version.intValue() == 1) {
            fromVersion1(root);
        }
        if (version.intValue() < 3) {
            toVersion3(root);
        }
        StoredProject stored;
        try {
            stored = mapper.treeToValue(root, StoredProject.class);
        } catch (JsonMappingException e) {
            throw new ProjectFileException(file + " has an invalid value" + where(e) + ": " + reason(e) + ".", e);
        } catch (JsonProcessingException e) {
            // A number past what its field holds (InputCoercionException) is not a mapping error.
            throw new ProjectFileException(file + " has an invalid value: " + FileText.shown(e.getOriginalMessage()) + ".",
                    e);
        }
        try {
            return new Project(stored.name(), stored.shots());
        } catch (NullPointerException | IllegalArgumentException e) {
            // Project's own checks, made outside Jackson: a missing name or shot list is a NullPointerException.
            throw new ProjectFileException(file + " has an invalid value: " + FileText.shown(e.getMessage()) + ".", e);
        }
    }

    /** " (line 3, column 7)", where the parser knows it. */
    private static String at(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 1 ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    private static byte[] readBytes(Path file) throws ProjectFileException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ProjectFileException(file + " does not exist.");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ProjectFileException(file + " is " + (Files.size(file) >> 20)
                        + " MB, far too large for a project file: it is something else.");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ProjectFileException(file + " could not be read: " + e.getMessage(), e);
        }
    }

    /** " at shots[0].settings.steps", from the path Jackson followed. */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : " at " + FileText.shown(path.toString());
    }

    /** The rule that failed, in words: a record's own check, else Jackson's first line. */
    private static String reason(JsonMappingException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t instanceof JsonMappingException jm ? jm.getOriginalMessage() : t.getMessage();
        if (m == null) {
            m = t.getClass().getSimpleName();
        }
        if (m.startsWith("Missing creator property")) {
            return "a required field is missing";
        }
        int nl = m.indexOf('\n');
        return FileText.shown(nl < 0 ? m : m.substring(0, nl));
    }
}
