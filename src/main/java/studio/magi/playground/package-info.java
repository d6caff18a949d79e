/** The synthetic world the built-in model learns: simulator, renderer, captions, analyzer and metrics. */
package studio.magi.playground;
