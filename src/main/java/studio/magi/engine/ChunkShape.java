package studio.magi.engine;

/**
 * The size of one chunk: {@code frames} RGB pictures of width x height, or a latent of {@code latentChannels} x
 * {@code latentFrames} x {@code latentHeight} x {@code latentWidth}.
 */
public record ChunkShape(int frames, int width, int height, int latentChannels, int latentFrames, int latentHeight,
        int latentWidth) {

    public ChunkShape {
        if (frames <= 0 || width <= 0 || height <= 0 || latentChannels <= 0 || latentFrames <= 0 || latentHeight <= 0
                || latentWidth <= 0 || frames % latentFrames != 0) {
            throw new IllegalArgumentException("not a chunk shape: " + frames + " frames of " + width + "x" + height
                    + ", latent " + latentChannels + "x" + latentFrames + "x" + latentHeight + "x" + latentWidth);
        }
    }

    /** Pictures per latent frame (the VAE's temporal factor). */
    public int framesPerLatent() {
        return frames / latentFrames;
    }

    public long[] latentShape() {
        return new long[] {latentChannels, latentFrames, latentHeight, latentWidth};
    }
}
