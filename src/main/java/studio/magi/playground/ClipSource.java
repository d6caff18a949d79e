package studio.magi.playground;

import studio.magi.media.Clip;

/**
 * Where generated clips come from for an evaluation: a folder of files, or a model generating from the scene's
 * captions and its first chunks (the prefix). A clip covers the whole scene, prefix included, at any size.
 */
@FunctionalInterface
public interface ClipSource {
    Clip clipFor(TruthScene scene, int prefixChunks);
}
