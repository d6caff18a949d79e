/**
 * The JavaFX window: views, view-models and the session of the open project; the only package that uses JavaFX. It
 * depends on {@code render}, {@code project}, {@code media}, {@code about} and the engine's model-agnostic types
 * (a model through {@link studio.magi.engine.ModelFactory}), never on {@code cli} or {@code engine.magi}.
 */
package studio.magi.ui;
