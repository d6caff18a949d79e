/**
 * The background inference service: queue, per-chunk cache by content key, progress, cancel; render targets
 * ({@link studio.magi.render.RenderTarget}: this machine's devices, later a cluster); and film export.
 */
package studio.magi.render;
