/** Model-agnostic generation: the chunk pipeline, samplers, time grids, requests and per-chunk results. */
package studio.magi.engine;
