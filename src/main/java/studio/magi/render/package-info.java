/** The background inference service: queue, devices, per-chunk cache by content key, progress, cancel. */
package studio.magi.render;
