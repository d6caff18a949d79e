package studio.magi.playground;

/** A named evaluation scene: what was asked (its spec and captions) and, by simulation, what should be seen. */
public record TruthScene(String name, SceneSpec spec) {
}
