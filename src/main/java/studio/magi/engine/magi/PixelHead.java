package studio.magi.engine.magi;

import ai.djl.ndarray.NDArray;

/**
 * The VAE decoder's last stage: its tokens unpatchified to maps, a 3x3 convolution, SiLU, a 3x3 convolution to RGB.
 * There is more than one way to compute it, because one of them is wrong on some CPUs; the load-time check
 * ({@link ArithmeticCheck}) keeps the first that agrees with the fixtures.
 */
interface PixelHead {
    /** How diagnostics and {@link VideoVae#PATH_PROPERTY} name it. */
    String name();

    /** tokens [B*G, h*w, T*s*s*u] of B videos of G latent frames -> frames [B, G*T, H, W, 3]. */
    NDArray draw(NDArray tokens, long b, long g);
}
