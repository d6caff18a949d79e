package studio.magi.project;

/** Where a chunk sits: the index of its shot in the project and its index in that shot. */
public record ChunkPosition(int shot, int chunk) {
}
